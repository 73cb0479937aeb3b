using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using CsvHelper;
using CsvHelper.Configuration;

namespace CityDiplomacy.Imports;

/// <summary>The fields of an engagement that a town hall's spreadsheet may hold, one column each.</summary>
public enum ImportField
{
    Partner, Country, Kind, Title, SignedOn, Status, StatusOn, StatusReason, Deliberation, DeliberationDate, Committee, Notes,
}

/// <summary>A data row of the file: its physical line (the header is line 1) and its cells by field.</summary>
public sealed record TownHallRow(int Line, IReadOnlyDictionary<ImportField, string> Cells)
{
    public string? this[ImportField field] =>
        Cells.TryGetValue(field, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

/// <summary>
/// A column of the header and the field the importer reads from it (null: ignored), with the score of that choice
/// (<see cref="ColumnDetection"/>; 1 when the user chose it) and, when another field or column came close, which.
/// </summary>
public sealed record ColumnMapping(int Index, string Header, ImportField? Field, double Confidence = 1, string? Ambiguity = null);

/// <summary>
/// A town hall's export as read: its format (CSV, xlsx, ods), encoding and delimiter (CSV) or sheet (workbook), the
/// column mapping chosen, and the non-blank rows. <see cref="Sha256"/> (lowercase hex of the bytes read) is the version
/// recorded as the provenance of each imported row.
/// </summary>
public sealed record TownHallFile(string Path, string EncodingName, string Delimiter, IReadOnlyList<ColumnMapping> Columns,
    IReadOnlyList<TownHallRow> Rows, string Sha256)
{
    /// <summary>The file's name without its folder, as recorded in the provenance of the imported engagements.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>« CSV », « xlsx » or « ods ».</summary>
    public string Format { get; init; } = "CSV";

    /// <summary>The sheet read, for a workbook.</summary>
    public string? Sheet { get; init; }

    /// <summary>The line (CSV) or sheet row (workbook) of the header.</summary>
    public int HeaderLine { get; init; } = 1;

    /// <summary>Required fields whose column is ambiguous: another column or field scored close to it.</summary>
    public IReadOnlyList<ColumnMapping> AmbiguousRequired =>
        Columns.Where(c => c.Field is { } chosen && ColumnDetection.Required.Contains(chosen) && c.Ambiguity is not null).ToList();

    /// <summary>Cells whose control characters were removed on reading (<see cref="Engagements.TextRule.Strip"/>), for the report.</summary>
    public IReadOnlyList<CleanedCell> Cleaned { get; init; } = [];
}

/// <summary>A cell of a file from which <paramref name="Removed"/> forbidden characters (controls, lone surrogates) were removed.</summary>
public sealed record CleanedCell(int Line, string Field, int Removed);

/// <summary>How to read an export.</summary>
/// <param name="Mapping">The field of every column of the header, as the user chose them (upload page), in place of the detection.</param>
/// <param name="Overrides">Fields for the columns named (folded header → field, null: ignored), over the detection (« --map »).</param>
/// <param name="Sheet">The sheet of a workbook to read; the first when null.</param>
/// <param name="Vocabulary">Countries and places, to recognise columns from their cells; headers and patterns only when null.</param>
public sealed record TownHallReadOptions(IReadOnlyList<ImportField?>? Mapping = null,
    IReadOnlyDictionary<string, ImportField?>? Overrides = null, string? Sheet = null, IImportVocabulary? Vocabulary = null);

/// <summary>A column or sheet named by the user that the file does not have.</summary>
public sealed class UnknownColumnException(string message) : IOException(message);

/// <summary>A row of a source before its header is known: its line (CSV) or sheet row (workbook) and its cells.</summary>
internal sealed record GridRow(int Line, string[] Cells, string? Raw = null);

/// <summary>Every row of a CSV file or of a workbook's sheet, and how it was read.</summary>
internal sealed record SourceGrid(string Format, string EncodingName, string Delimiter, string? Sheet, List<GridRow> Rows);

/// <summary>
/// Reads a register as town halls export it from their spreadsheets: a CSV in UTF-16 (BOM), UTF-8 with or without BOM,
/// else Windows-1252, « ; », « , » or tab (<see cref="DetectDelimiter"/>), quoted cells; or a workbook, .xlsx or .ods
/// (<see cref="Workbooks"/>). Title lines above the header, blank lines and lines of empty cells are not rows; columns
/// are recognised by their header and their cells (<see cref="ColumnDetection"/>). Cells are kept as text: one starting
/// with = + - @ is never evaluated. At most <see cref="MaxBytes"/>, <see cref="MaxRows"/> rows, <see cref="MaxColumns"/> columns.
/// </summary>
public static class TownHallCsv
{
        /// <summary>The French label of a field, for the mapping shown to the user.</summary>
    public static string Label(ImportField field) => field switch
    {
        ImportField.Partner => "partenaire",
        ImportField.Country => "pays",
        ImportField.Kind => "type d'engagement",
        ImportField.Title => "intitulé",
        ImportField.SignedOn => "date de signature",
        ImportField.Status => "statut",
        ImportField.StatusOn => "date du statut (suspension, fin)",
        ImportField.StatusReason => "motif du statut",
        ImportField.Deliberation => "délibération",
        ImportField.DeliberationDate => "date de la délibération",
        ImportField.Committee => "comité de jumelage",
        _ => "notes",
    };

    /// <summary>The largest file read (CSV or workbook): a register of a few thousand rows weighs a few hundred kilobytes.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    /// <summary>The most data rows read: a commune's register holds tens, a national directory tens of thousands.</summary>
    public const int MaxRows = 50_000;

    /// <summary>The widest header read: a register has about ten columns; the limit keeps a crafted header from growing pages.</summary>
    public const int MaxColumns = 200;

    public static TownHallFile Read(string path, TownHallReadOptions? options = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} : fichier introuvable.", path);
        var length = new FileInfo(path).Length;
        if (length > MaxBytes) throw new InvalidDataException(TooLarge(path, length));
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (UnauthorizedAccessException) { throw new IOException($"{path} : fichier illisible (droits d'accès)."); }
        return Read(path, bytes, options);
    }

    /// <summary>
    /// Reads the bytes of a file named <paramref name="path"/> (an upload): a CSV, or a workbook (.xlsx, .ods) told by its
    /// content. The header is the first row with two different non-empty cells (title lines and blank rows above it are
    /// skipped); every field comes from <see cref="ColumnDetection"/>, then from <see cref="TownHallReadOptions.Overrides"/>,
    /// or from <see cref="TownHallReadOptions.Mapping"/> when the user chose every column (upload page).
    /// </summary>
    public static TownHallFile Read(string path, byte[] bytes, TownHallReadOptions? options = null)
    {
        options ??= new TownHallReadOptions();
        if (bytes.Length == 0)
            throw new InvalidDataException($"{path} : fichier vide, un en-tête est attendu (par ex. « Ville partenaire;Pays;Date de signature ») ; rien n'a été importé.");
        if (bytes.Length > MaxBytes) throw new InvalidDataException(TooLarge(path, bytes.Length));
        var grid = Workbooks.IsWorkbook(bytes) ? Workbooks.Read(path, bytes, options.Sheet) : ReadText(path, bytes);

        var headerAt = grid.Rows.FindIndex(r => r.Cells.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct().Count() >= 2);
        if (headerAt < 0) headerAt = grid.Rows.FindIndex(r => r.Cells.Any(c => !string.IsNullOrWhiteSpace(c)));
        if (headerAt < 0)
            throw new InvalidDataException($"{path} : fichier vide, un en-tête est attendu (par ex. « Ville partenaire;Pays;Date de signature ») ; rien n'a été importé.");
        // The one text rule, for a file: forbidden characters (controls, lone surrogates) are removed from every cell
        // before anything reads it, and the report says where.
        var header = grid.Rows[headerAt].Cells.Select(c => Engagements.TextRule.Strip(c, out _)).ToArray();
        if (header.Length > MaxColumns)
        {
            var used = header.Length;
            while (used > 0 && string.IsNullOrWhiteSpace(header[used - 1])) used--;
            if (used > MaxColumns)
                throw new InvalidDataException($"{path} : l'en-tête a {used} colonnes, {MaxColumns} au plus ; rien n'a été importé.");
            header = header[..used];
        }

        var records = new List<(int Line, string[] Cells)>();
        var stripped = new List<(int Line, int Column, int Removed)>();
        foreach (var row in grid.Rows.Skip(headerAt + 1))
        {
            var record = row.Cells;
            if (record.All(string.IsNullOrWhiteSpace)) continue;
            if (row.Raw is { } raw && record.Length > header.Length && header.Length > 1)
                record = [.. record[..(header.Length - 1)], LastCell(raw, grid.Delimiter, header.Length - 1)];
            record = [.. record];
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = Engagements.TextRule.Strip(record[i], out var removed);
                if (removed > 0) stripped.Add((row.Line, i, removed));
            }
            records.Add((row.Line, record));
        }
        if (records.Count > MaxRows)
            throw new InvalidDataException($"{path} : {records.Count} lignes de données, {MaxRows} au plus ; rien n'a été importé.");
        if (records.Count == 0)
            throw new InvalidDataException($"{path} : l'en-tête (ligne {grid.Rows[headerAt].Line}) n'est suivi d'aucune ligne de données ; rien n'a été importé.");

        var columns = options.Mapping is { } mapping
            ? Remap(path, header, mapping)
            : Override(path, header, ColumnDetection.Detect(header, records.Select(r => r.Cells).ToList(), options.Vocabulary), options.Overrides);
        if (columns.All(c => c.Field != ImportField.Partner))
            throw new InvalidDataException(
                $"{path} : aucune colonne du partenaire (« Ville partenaire » ou « Commune partenaire ») dans l'en-tête ({string.Join(", ", header)}).");

        var rows = new List<TownHallRow>(records.Count);
        foreach (var (line, record) in records)
        {
            var cells = new Dictionary<ImportField, string>();
            foreach (var column in columns)
                if (column.Field is { } field && column.Index < record.Length)
                    cells[field] = record[column.Index];
            rows.Add(new TownHallRow(line, cells));
        }
        var cleaned = stripped
            .Select(s => new CleanedCell(s.Line, s.Column < header.Length ? header[s.Column].Trim() : $"colonne {s.Column + 1}", s.Removed))
            .ToList();
        return new TownHallFile(path, grid.EncodingName, grid.Delimiter, columns, rows, Convert.ToHexStringLower(SHA256.HashData(bytes)))
        {
            Format = grid.Format,
            Sheet = grid.Sheet,
            HeaderLine = grid.Rows[headerAt].Line,
            Cleaned = cleaned,
        };
    }

    private static string TooLarge(string path, long length) =>
        string.Create(CultureInfo.GetCultureInfo("fr-FR"),
            $"{path} : le fichier pèse {length / 1048576.0:0.0} Mo, {MaxBytes / 1048576} Mo au plus ; rien n'a été importé.");

    /// <summary>The rows of a CSV file: each with its physical line, its cells and its raw text (for <see cref="LastCell"/>).</summary>
    private static SourceGrid ReadText(string path, byte[] bytes)
    {
        var (text, encodingName) = Decode(bytes);
        if (text.Contains('\0'))
            throw new InvalidDataException($"{path} : ce n'est pas un fichier texte CSV (octet nul : fichier binaire). Enregistrez-le au format « CSV » (UTF-8 ou Windows-1252) ou « Classeur Excel (.xlsx) ».");
        var delimiter = DetectDelimiter(text);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            HasHeaderRecord = false,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.Trim,
        };
        using var csv = new CsvReader(new StringReader(text), configuration);
        var rows = new List<GridRow>();
        while (csv.Read())
        {
            var record = csv.Parser.Record ?? [];
            // A quoted cell may span lines: the row starts as many lines before its last as it holds line breaks.
            var line = csv.Parser.RawRow - LineBreaks(csv.Parser.RawRecord.TrimEnd('\r', '\n'));
            if (rows.Count == 0 && record.Length > MaxColumns * 4)
                throw new InvalidDataException($"{path} : la première ligne a {record.Length} colonnes, {MaxColumns} au plus ; rien n'a été importé.");
            rows.Add(new GridRow(line, record, csv.Parser.RawRecord));
            if (rows.Count > MaxRows + 1000)
                throw new InvalidDataException($"{path} : plus de {MaxRows} lignes de données ; rien n'a été importé.");
        }
        return new SourceGrid("CSV", encodingName, delimiter, null, rows);
    }

    /// <summary>The header with the fields the user named (« Etat=country »): each named field leaves the column it was in.</summary>
    private static List<ColumnMapping> Override(string path, string[] header, List<ColumnMapping> columns,
        IReadOnlyDictionary<string, ImportField?>? overrides)
    {
        if (overrides is null || overrides.Count == 0) return columns;
        foreach (var (name, field) in overrides)
        {
            var index = Array.FindIndex(header, h => FoldHeader(h) == FoldHeader(name));
            if (index < 0)
                throw new UnknownColumnException(
                    $"{path} : --map nomme la colonne « {name} », absente de l'en-tête ({string.Join(", ", header.Select(h => h.Trim()))}).");
            for (var i = 0; i < columns.Count; i++)
                if (field is not null && columns[i].Field == field && i != index)
                    columns[i] = columns[i] with { Field = null, Confidence = 0, Ambiguity = null };
            columns[index] = columns[index] with { Field = field, Confidence = 1, Ambiguity = null };
        }
        return columns;
    }
    private static int LineBreaks(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n'))) count++;
        return count;
    }

    /// <summary>
    /// The raw text after the <paramref name="skip"/>-th delimiter outside quotes: a last column with more cells than the
    /// header, such as an unquoted formula « =HYPERLINK("…";"…") » in a « ; » file, is one cell, kept as written.
    /// </summary>
    internal static string LastCell(string raw, string delimiter, int skip)
    {
        var separator = delimiter[0];
        var quoted = false;
        var atFieldStart = true;
        var seen = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < raw.Length && raw[i + 1] == '"') i++;
                else if (c == '"') quoted = false;
                continue;
            }
            if (c == '"' && atFieldStart) { quoted = true; atFieldStart = false; continue; }
            atFieldStart = false;
            if (c != separator) continue;
            if (++seen == skip) return raw[(i + 1)..].TrimEnd('\r', '\n').Trim();
            atFieldStart = true;
        }
        return "";
    }

    /// <summary>
    /// UTF-16 (little or big endian) when its BOM says so; UTF-8 (with or without BOM) when the bytes are valid UTF-8;
    /// else Windows-1252 (Excel's « CSV » in France).
    /// </summary>
    internal static (string Text, string EncodingName) Decode(byte[] bytes)
    {
        if (bytes is [0xFF, 0xFE, ..])
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false).GetString(bytes, 2, bytes.Length - 2), "UTF-16 LE (avec BOM)");
        if (bytes is [0xFE, 0xFF, ..])
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false).GetString(bytes, 2, bytes.Length - 2), "UTF-16 BE (avec BOM)");
        if (bytes is [0xEF, 0xBB, 0xBF, ..])
            return (new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3), "UTF-8 (avec BOM)");
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return (Encoding.GetEncoding(1252).GetString(bytes), "Windows-1252");
        }
    }

    /// <summary>
    /// The separator of a CSV text (« ; », « , » or tab), the one CsvHelper's detection ranks first over the first line
    /// (quoted text left out); « ; » when that line has none. The CLI's « resolve » reads its files with it too.
    /// </summary>
    public static string DetectDelimiter(string text, string fallback = ";")
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiterValues = [";", ",", "\t"],
            Delimiter = fallback,
            NewLine = "\n",
        };
        // The header line only, ended by its line break (outside quotes): later lines may be notes or formulas.
        var quoted = false;
        var end = text.Length;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"') quoted = !quoted;
            else if (!quoted && text[i] is '\n' or '\r') { end = i; break; }
        }
        return ConfigurationFunctions.GetDelimiter(new CsvHelper.Delegates.GetDelimiterArgs(text[..end].TrimStart('\uFEFF'), configuration)) ?? fallback;
    }

    /// <summary>Each header cell to its field from the header alone; a field named twice keeps its first column.</summary>
    internal static List<ColumnMapping> Map(string[] header) => ColumnDetection.Detect(header, [], vocabulary: null);

    /// <summary>The header with the fields chosen by the user: one per column, each field once at most.</summary>
    private static List<ColumnMapping> Remap(string path, string[] header, IReadOnlyList<ImportField?> mapping)
    {
        if (mapping.Count != header.Length)
            throw new InvalidDataException($"{path} : la correspondance donne {mapping.Count} colonnes, l'en-tête du fichier en a {header.Length}.");
        var twice = mapping.OfType<ImportField>().GroupBy(f => f).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
            throw new InvalidDataException(
                $"{path} : le champ « {Label(twice[0])} » est choisi pour plusieurs colonnes ; une colonne par champ au plus.");
        return header.Select((cell, i) => new ColumnMapping(i, cell.Trim(), mapping[i])).ToList();
    }

    /// <summary>A field named on the command line: its English name (« country », « signedOn ») or « ignore ».</summary>
    public static bool TryParseField(string text, out ImportField? field)
    {
        field = null;
        var name = text.Trim();
        if (name is "ignore" or "ignorée" or "ignoree" or "-") return true;
        if (Enum.TryParse<ImportField>(name, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !name.Any(char.IsDigit))
        {
            field = parsed;
            return true;
        }
        return false;
    }

    /// <summary>« N° délibération » → « n deliberation »: folded like place names, « ° » dropped.</summary>
    internal static string FoldHeader(string header) => NameFolding.Fold(header.Replace('°', ' ').Replace('º', ' '));

    private static readonly string[] FrenchMonths =
        ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"];

    private static readonly Regex WrittenDate = new(@"^(\d{1,2})(?:er)?\s+(\p{L}+)\.?\s+(\d{4})$", RegexOptions.CultureInvariant);

    /// <summary>
    /// A date as town halls write it: 12/03/1965, 12 mars 1965 (« 1er mars »), or 1965-03-12; null when the cell is
    /// empty. False for anything else, and for a day that does not exist (31/02/1990).
    /// </summary>
    public static bool TryParseDate(string? cell, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(cell)) return true;
        var text = cell.Trim();
        string[] numeric = ["dd/MM/yyyy", "d/M/yyyy", "dd.MM.yyyy", "dd-MM-yyyy", "yyyy-MM-dd"];
        if (DateOnly.TryParseExact(text, numeric, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }
        if (WrittenDate.Match(text) is { Success: true } match)
        {
            var month = Array.IndexOf(FrenchMonths, NameFolding.Fold(match.Groups[2].Value)) + 1;
            var day = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var year = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
            if (month > 0 && year >= 1 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                date = new DateOnly(year, month, day);
                return true;
            }
        }
        return false;
    }

    /// <summary>The status a French (or English) word means: actif, en sommeil, suspendu, terminé, en projet.</summary>
    public static EngagementStatus? ParseStatus(string? cell) => NameFolding.Fold(cell) switch
    {
        "actif" or "active" or "en cours" or "en vigueur" => EngagementStatus.Active,
        "en sommeil" or "sommeil" or "dormant" or "inactif" => EngagementStatus.Dormant,
        "suspendu" or "suspendue" or "suspended" => EngagementStatus.Suspended,
        "termine" or "terminee" or "ended" or "fini" or "rompu" => EngagementStatus.Ended,
        "en projet" or "projet" or "propose" or "proposed" => EngagementStatus.Proposed,
        _ => null,
    };

    /// <summary>The kind a « Type » cell means; twinning when there is no such cell.</summary>
    public static EngagementKind? ParseKind(string? cell) => NameFolding.Fold(cell) switch
    {
        "" or "jumelage" or "twinning" => EngagementKind.Twinning,
        "partenariat" or "partnership" or "pacte d amitie" => EngagementKind.Partnership,
        "cooperation" or "cooperation decentralisee" or "cooperation project" => EngagementKind.CooperationProject,
        _ => null,
    };
}
