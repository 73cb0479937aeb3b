using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace CityDiplomacy.Imports;

/// <summary>
/// Reads the sheet of a workbook as rows of text, each with its sheet row number: Excel .xlsx through MiniExcel, and
/// LibreOffice .ods from its content.xml (no maintained .ods reader is available: the ODF table XML is read with
/// XmlReader, see docs/imports.md). A date cell becomes its ISO date (« 1965-03-12 »); every other cell, its displayed
/// value, a formula's result as last saved (never evaluated); a merged area gives its value to each of its cells.
/// Before anything is expanded, the archive is checked: at most <see cref="MaxUncompressedBytes"/> uncompressed and a
/// ratio of <see cref="MaxRatio"/> per entry (a zip bomb is refused); a workbook protected by a password is refused.
/// </summary>
internal static class Workbooks
{
    public const long MaxUncompressedBytes = 100L * 1024 * 1024;
    public const double MaxRatio = 100;

    private const string OdsMime = "application/vnd.oasis.opendocument.spreadsheet";
    private const string Table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private const string Office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private const string Text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";

    /// <summary>A zip archive (xlsx, ods) or an OLE compound file (an encrypted xlsx, or an old .xls).</summary>
    public static bool IsWorkbook(byte[] bytes) =>
        bytes is [0x50, 0x4B, 0x03, 0x04, ..] || bytes is [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..];

    public static SourceGrid Read(string path, byte[] bytes, string? sheet)
    {
        if (bytes is [0xD0, 0xCF, ..])
            throw new InvalidDataException(ContainsUtf16(bytes, "EncryptionInfo")
                ? $"{path} : le classeur est protégé par un mot de passe (chiffré) ; enregistrez-le sans mot de passe pour l'importer. Rien n'a été importé."
                : $"{path} : classeur Excel 97-2003 (.xls), format non lu ; enregistrez-le en « Classeur Excel (.xlsx) » ou en CSV. Rien n'a été importé.");
        ZipArchive zip;
        try { zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read); }
        catch (InvalidDataException) { throw new InvalidDataException($"{path} : archive zip illisible : ce n'est ni un classeur .xlsx ni un .ods. Rien n'a été importé."); }
        using (zip)
        {
            CheckArchive(path, zip);
            if (zip.GetEntry("mimetype") is { } mime && ReadSmall(mime).Trim() == OdsMime || zip.GetEntry("content.xml") is not null)
                return ReadOds(path, zip, sheet);
            if (zip.GetEntry("xl/workbook.xml") is not null)
                return ReadXlsx(path, bytes, sheet);
        }
        throw new InvalidDataException($"{path} : archive zip qui n'est ni un classeur .xlsx ni un .ods. Rien n'a été importé.");
    }

    /// <summary>A zip bomb is refused from the sizes its directory declares, before any entry is expanded.</summary>
    private static void CheckArchive(string path, ZipArchive zip)
    {
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            total += entry.Length;
            var ratio = entry.CompressedLength == 0 ? (entry.Length == 0 ? 0 : double.PositiveInfinity) : entry.Length / (double)entry.CompressedLength;
            if (ratio > MaxRatio)
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{path} : l'élément « {entry.FullName} » du classeur se décompresse {ratio:0} fois (au plus {MaxRatio:0}) : archive suspecte (bombe zip), refusée sans être décompressée. Rien n'a été importé."));
            if (total > MaxUncompressedBytes)
                throw new InvalidDataException(
                    $"{path} : le classeur décompressé dépasse {MaxUncompressedBytes / 1048576} Mo : archive refusée sans être décompressée. Rien n'a été importé.");
        }
    }

    private static string ReadSmall(ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(Bounded(entry), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The entry's stream, which fails past the size the directory declared (a lying directory is a bomb too).</summary>
    private static Stream Bounded(ZipArchiveEntry entry) => new BoundedStream(entry.Open(), entry.Length);

    private static SourceGrid ReadXlsx(string path, byte[] bytes, string? sheet)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            var names = MiniExcel.GetSheetNames(stream);
            var name = SheetName(path, names, sheet);
            stream.Position = 0;
            var rows = new List<GridRow>();
            var number = 0;
            var configuration = new OpenXmlConfiguration { FillMergedCells = true };
            foreach (IDictionary<string, object?> row in MiniExcel.Query(stream, useHeaderRow: false, sheetName: name,
                         excelType: ExcelType.XLSX, configuration: configuration))
            {
                number++; // MiniExcel yields every row from A1, empty ones included: the count is the sheet row number.
                if (rows.Count > TownHallCsv.MaxRows + 1000)
                    throw new InvalidDataException($"{path} : plus de {TownHallCsv.MaxRows} lignes de données ; rien n'a été importé.");
                if (row.Count > TownHallCsv.MaxColumns * 4)
                    throw new InvalidDataException($"{path} : la ligne {number} a {row.Count} colonnes, {TownHallCsv.MaxColumns} au plus ; rien n'a été importé.");
                var cells = row.Values.Select(Cell).ToArray();
                if (cells.All(string.IsNullOrWhiteSpace)) continue;
                rows.Add(new GridRow(number, cells));
            }
            return new SourceGrid("xlsx", "classeur Excel (.xlsx)", "", name, rows);
        }
        catch (Exception error) when (error is not InvalidDataException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path} : classeur .xlsx illisible ({error.GetType().Name}). Rien n'a été importé.");
        }
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        DateTime date => DateOnly.FromDateTime(date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double number => number.ToString(CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string SheetName(string path, IReadOnlyList<string> names, string? sheet)
    {
        if (names.Count == 0) throw new InvalidDataException($"{path} : le classeur n'a aucune feuille. Rien n'a été importé.");
        if (sheet is null) return names[0];
        return names.FirstOrDefault(n => string.Equals(n.Trim(), sheet.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new UnknownColumnException($"{path} : aucune feuille « {sheet} » (feuilles : {string.Join(", ", names)}).");
    }

    private static SourceGrid ReadOds(string path, ZipArchive zip, string? sheet)
    {
        if (zip.GetEntry("META-INF/manifest.xml") is { } manifest && ReadSmall(manifest).Contains("encryption-data", StringComparison.Ordinal))
            throw new InvalidDataException(
                $"{path} : le classeur est protégé par un mot de passe (chiffré) ; enregistrez-le sans mot de passe pour l'importer. Rien n'a été importé.");
        var content = zip.GetEntry("content.xml")
            ?? throw new InvalidDataException($"{path} : classeur .ods sans content.xml. Rien n'a été importé.");
        try
        {
            using var reader = XmlReader.Create(Bounded(content), new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = false,
            });
            var names = new List<string>();
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "table" || reader.NamespaceURI != Table) continue;
                var name = reader.GetAttribute("name", Table) ?? "";
                names.Add(name);
                if (sheet is null || string.Equals(name.Trim(), sheet.Trim(), StringComparison.OrdinalIgnoreCase))
                    return new SourceGrid("ods", "classeur OpenDocument (.ods)", "", name, ReadOdsTable(path, reader));
                reader.Skip();
            }
            if (names.Count == 0) throw new InvalidDataException($"{path} : le classeur n'a aucune feuille. Rien n'a été importé.");
            throw new UnknownColumnException($"{path} : aucune feuille « {sheet} » (feuilles : {string.Join(", ", names)}).");
        }
        catch (XmlException error)
        {
            throw new InvalidDataException($"{path} : classeur .ods illisible (content.xml, ligne {error.LineNumber}). Rien n'a été importé.");
        }
    }

    /// <summary>A merged area: its rows and columns (first inclusive, last exclusive) and the value it shows.</summary>
    private sealed record Merge(int Row, int RowEnd, int Column, int ColumnEnd, string Value);

    /// <summary>
    /// The rows of the table the reader is on. Repeated empty rows and cells only move the position (LibreOffice writes a
    /// million of them after the data); a repeated non-empty one is copied. A covered cell takes its area's value.
    /// </summary>
    private static List<GridRow> ReadOdsTable(string path, XmlReader reader)
    {
        var rows = new List<GridRow>();
        var merges = new List<Merge>();
        var rowNumber = 1;
        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Table || reader.LocalName != "table-row") continue;
            var rowRepeat = Repeat(reader.GetAttribute("number-rows-repeated", Table));
            var cells = new List<string>();
            var column = 0;
            if (!reader.IsEmptyElement)
            {
                var rowDepth = reader.Depth;
                while (reader.Read() && reader.Depth > rowDepth)
                {
                    if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != Table) continue;
                    if (reader.LocalName is not ("table-cell" or "covered-table-cell")) continue;
                    var repeat = Repeat(reader.GetAttribute("number-columns-repeated", Table));
                    var covered = reader.LocalName == "covered-table-cell";
                    var columnsSpanned = Repeat(reader.GetAttribute("number-columns-spanned", Table));
                    var rowsSpanned = Repeat(reader.GetAttribute("number-rows-spanned", Table));
                    var value = CellText(reader);
                    if (covered)
                        value = merges.LastOrDefault(m => m.Row <= rowNumber && rowNumber < m.RowEnd && m.Column <= column && column < m.ColumnEnd)?.Value ?? value;
                    else if (columnsSpanned > 1 || rowsSpanned > 1)
                        merges.Add(new Merge(rowNumber, rowNumber + rowsSpanned, column, column + columnsSpanned, value));
                    if (value.Length > 0)
                    {
                        if (column + repeat > TownHallCsv.MaxColumns * 4)
                            throw new InvalidDataException($"{path} : la ligne {rowNumber} a plus de {TownHallCsv.MaxColumns} colonnes ; rien n'a été importé.");
                        while (cells.Count < column) cells.Add("");
                        for (var i = 0; i < repeat; i++) cells.Add(value);
                    }
                    column += repeat;
                }
            }
            if (cells.Count > 0)
            {
                if (rows.Count + rowRepeat > TownHallCsv.MaxRows + 1000)
                    throw new InvalidDataException($"{path} : plus de {TownHallCsv.MaxRows} lignes de données ; rien n'a été importé.");
                for (var i = 0; i < rowRepeat; i++) rows.Add(new GridRow(rowNumber + i, [.. cells]));
            }
            rowNumber += rowRepeat;
        }
        return rows;
    }

    private static int Repeat(string? attribute) =>
        int.TryParse(attribute, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 1;

    /// <summary>The cell's displayed value (its text:p paragraphs), or its ISO date for a date cell; the reader ends past the cell.</summary>
    private static string CellText(XmlReader reader)
    {
        var type = reader.GetAttribute("value-type", Office);
        var dateValue = type == "date" ? reader.GetAttribute("date-value", Office) : null;
        var text = new StringBuilder();
        if (!reader.IsEmptyElement)
        {
            var depth = reader.Depth;
            var paragraphs = 0;
            var note = int.MaxValue; // inside a comment (office:annotation): not the cell's value
            while (reader.Read() && reader.Depth > depth)
            {
                if (reader.Depth <= note) note = int.MaxValue;
                if (reader.Depth > note) continue;
                if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == Office && reader.LocalName == "annotation")
                {
                    if (!reader.IsEmptyElement) note = reader.Depth;
                    continue;
                }
                if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == Text)
                {
                    switch (reader.LocalName)
                    {
                        case "p" when paragraphs++ > 0: text.Append('\n'); break;
                        case "s": text.Append(' ', Repeat(reader.GetAttribute("c", Text))); break;
                        case "tab": text.Append('\t'); break;
                        case "line-break": text.Append('\n'); break;
                    }
                }
                else if (reader.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace
                         && reader.Depth > depth + 1)
                    text.Append(reader.Value);
            }
        }
        if (dateValue is { Length: >= 10 } && DateOnly.TryParseExact(dateValue[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var date))
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return text.ToString().Trim();
    }

    private static bool ContainsUtf16(byte[] bytes, string text)
    {
        var pattern = Encoding.Unicode.GetBytes(text);
        return bytes.AsSpan().IndexOf(pattern) >= 0;
    }

    /// <summary>A read-only stream that fails once more than <c>limit</c> bytes have come out of it.</summary>
    private sealed class BoundedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            _read += read;
            if (_read > limit) throw new InvalidDataException("Élément du classeur plus long que déclaré : archive refusée.");
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
