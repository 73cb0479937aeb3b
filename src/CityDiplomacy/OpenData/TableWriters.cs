using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;

namespace CityDiplomacy.OpenData;

/// <summary>A table export: its header and its rows, read as a stream. Cells are text, numbers or null (empty).</summary>
public sealed record ExportTable(IReadOnlyList<string> Header, IAsyncEnumerable<object?[]> Rows);

/// <summary>CSV and XLSX writers shared by every table export.</summary>
public static class TableWriters
{
    /// <summary>UTF-8 with a BOM (French spreadsheets detect the encoding from it), RFC 4180 quoting, formulas neutralised.</summary>
    public static async Task WriteCsvAsync(ExportTable table, char separator, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true);
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = separator.ToString(),
            NewLine = "\r\n",
        });
        foreach (var column in table.Header) csv.WriteField(column);
        await csv.NextRecordAsync();
        await foreach (var row in table.Rows.WithCancellation(cancellationToken))
        {
            foreach (var cell in row) csv.WriteField(Text(cell));
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }

    /// <summary>
    /// XLSX through MiniExcel. A workbook is a zip archive written synchronously: it is built in a temporary file
    /// (on disk, never in memory) from the rows as they are read, then copied to the response.
    /// </summary>
    public static async Task WriteXlsxAsync(ExportTable table, string sheetName, Stream output, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "citydiplomacy-export-" + Guid.NewGuid().ToString("N") + ".xlsx");
        try
        {
            await Task.Run(() =>
            {
                using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024);
                using var rows = table.Rows.ToBlockingEnumerable(cancellationToken).GetEnumerator();
                if (rows.MoveNext())
                {
                    file.SaveAs(Records(table.Header, rows), sheetName: sheetName, excelType: ExcelType.XLSX);
                }
                else
                {
                    // An empty export still names its columns.
                    using var empty = new System.Data.DataTable(sheetName);
                    foreach (var column in table.Header) empty.Columns.Add(column, typeof(string));
                    file.SaveAs(empty, sheetName: sheetName, excelType: ExcelType.XLSX);
                }
            }, cancellationToken);
            await using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous);
            await read.CopyToAsync(output, cancellationToken);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IEnumerable<IDictionary<string, object?>> Records(IReadOnlyList<string> header, IEnumerator<object?[]> rows)
    {
        do
        {
            var row = rows.Current;
            var record = new Dictionary<string, object?>(header.Count);
            for (var i = 0; i < header.Count; i++)
                record[header[i]] = row[i] switch
                {
                    null => null,
                    string text => SpreadsheetCells.Neutralise(text),
                    IdentifierCell identifier => SpreadsheetCells.NeutraliseIdentifier(identifier.Value),
                    DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    DateTime instant => TableWriters.Text(instant),
                    var value => value,
                };
            yield return record;
        }
        while (rows.MoveNext());
    }

    /// <summary>
    /// The text of a cell: numbers and dates invariant, text neutralised against formula injection, an identifier kept
    /// unless it could run (<see cref="IdentifierCell"/>).
    /// </summary>
    public static string Text(object? cell) => cell switch
    {
        null => "",
        string text => SpreadsheetCells.Neutralise(text),
        IdentifierCell identifier => SpreadsheetCells.NeutraliseIdentifier(identifier.Value),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime instant => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        var other => SpreadsheetCells.Neutralise(other.ToString() ?? ""),
    };
}
