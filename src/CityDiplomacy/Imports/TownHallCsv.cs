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

/// <summary>A column of the header and the field the importer reads from it (null: ignored).</summary>
public sealed record ColumnMapping(int Index, string Header, ImportField? Field);

/// <summary>
/// A town hall's export as read: encoding, delimiter, the column mapping chosen, and the non-blank rows.
/// <see cref="Sha256"/> (lowercase hex of the bytes read) is the version recorded as the provenance of each imported row.
/// </summary>
public sealed record TownHallFile(string Path, string EncodingName, string Delimiter, IReadOnlyList<ColumnMapping> Columns,
    IReadOnlyList<TownHallRow> Rows, string Sha256)
{
    /// <summary>The file's name without its folder, as recorded in the provenance of the imported engagements.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>Cells whose control characters were removed on reading (<see cref="Engagements.TextRule.Strip"/>), for the report.</summary>
    public IReadOnlyList<CleanedCell> Cleaned { get; init; } = [];
}

/// <summary>A cell of a file from which <paramref name="Removed"/> forbidden characters (controls, lone surrogates) were removed.</summary>
public sealed record CleanedCell(int Line, string Field, int Removed);

/// <summary>
/// Reads a register as town halls export it from their spreadsheets: UTF-8 with or without BOM, else Windows-1252;
/// « ; », « , » or tab (the one the header line uses most); French column names; quoted cells. Blank lines, and lines
/// of empty cells, are not rows. Cells are kept as text: one starting with = + - @ is never evaluated.
/// </summary>
public static class TownHallCsv
{
    /// <summary>Folded header names (see <see cref="FoldHeader"/>) and the field each one means.</summary>
    private static readonly Dictionary<string, ImportField> Headers = new(StringComparer.Ordinal)
    {
        ["ville partenaire"] = ImportField.Partner, ["commune partenaire"] = ImportField.Partner,
        ["collectivite partenaire"] = ImportField.Partner, ["partenaire"] = ImportField.Partner,
        ["ville jumelle"] = ImportField.Partner, ["commune jumelle"] = ImportField.Partner, ["ville"] = ImportField.Partner,
        ["pays"] = ImportField.Country, ["pays partenaire"] = ImportField.Country,
        ["type"] = ImportField.Kind, ["nature"] = ImportField.Kind, ["type d engagement"] = ImportField.Kind,
        ["intitule"] = ImportField.Title, ["titre"] = ImportField.Title,
        ["date de signature"] = ImportField.SignedOn, ["date signature"] = ImportField.SignedOn,
        ["date du jumelage"] = ImportField.SignedOn, ["date de jumelage"] = ImportField.SignedOn,
        ["date de debut"] = ImportField.SignedOn, ["date"] = ImportField.SignedOn,
        ["statut"] = ImportField.Status, ["etat"] = ImportField.Status,
        ["date de suspension"] = ImportField.StatusOn, ["date de fin"] = ImportField.StatusOn,
        ["date du statut"] = ImportField.StatusOn,
        ["motif"] = ImportField.StatusReason, ["motif de suspension"] = ImportField.StatusReason,
        ["motif de fin"] = ImportField.StatusReason,
        ["deliberation"] = ImportField.Deliberation, ["n deliberation"] = ImportField.Deliberation,
        ["no deliberation"] = ImportField.Deliberation, ["n de deliberation"] = ImportField.Deliberation,
        ["numero de deliberation"] = ImportField.Deliberation, ["reference de la deliberation"] = ImportField.Deliberation,
        ["date de deliberation"] = ImportField.DeliberationDate, ["date de la deliberation"] = ImportField.DeliberationDate,
        ["comite de jumelage"] = ImportField.Committee, ["comite"] = ImportField.Committee,
        ["association"] = ImportField.Committee,
        ["observations"] = ImportField.Notes, ["observation"] = ImportField.Notes, ["notes"] = ImportField.Notes,
        ["remarques"] = ImportField.Notes, ["commentaires"] = ImportField.Notes, ["commentaire"] = ImportField.Notes,
    };

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

    public static TownHallFile Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} : fichier introuvable.", path);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (UnauthorizedAccessException) { throw new IOException($"{path} : fichier illisible (droits d'accès)."); }
        return Read(path, bytes);
    }

    /// <summary>
    /// Reads the bytes of a file named <paramref name="path"/> (an upload). <paramref name="mapping"/>, when given, is the
    /// field of each column of the header chosen by the user (null: ignored), in place of the one detected; it must keep
    /// one column for the partner and use a field once at most.
    /// </summary>
    public static TownHallFile Read(string path, byte[] bytes, IReadOnlyList<ImportField?>? mapping = null)
    {
        if (bytes.Length == 0)
            throw new InvalidDataException($"{path} : fichier vide, un en-tête est attendu (par ex. « Ville partenaire;Pays;Date de signature »).");
        if (Array.IndexOf(bytes, (byte)0) >= 0)
            throw new InvalidDataException($"{path} : ce n'est pas un fichier texte CSV (octet nul : fichier binaire, tableur .xlsx ou texte UTF-16). Enregistrez-le au format « CSV » (UTF-8 ou Windows-1252).");
        var (text, encodingName) = Decode(bytes);
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
        if (!csv.Read() || csv.Parser.Record is not { } header || header.All(string.IsNullOrWhiteSpace))
            throw new InvalidDataException($"{path} : fichier vide, un en-tête est attendu (par ex. « Ville partenaire;Pays;Date de signature »).");
        var columns = mapping is null ? Map(header) : Remap(path, header, mapping);
        if (columns.All(c => c.Field != ImportField.Partner))
            throw new InvalidDataException(
                $"{path} : aucune colonne du partenaire (« Ville partenaire » ou « Commune partenaire ») dans l'en-tête ({string.Join(", ", header)}).");

        var rows = new List<TownHallRow>();
        var cleaned = new List<CleanedCell>();
        while (csv.Read())
        {
            var record = csv.Parser.Record ?? [];
            // A quoted cell may span lines: the row starts as many lines before its last as it holds line breaks.
            var line = csv.Parser.RawRow - LineBreaks(csv.Parser.RawRecord.TrimEnd('\r', '\n'));
            if (record.All(string.IsNullOrWhiteSpace)) continue;
            if (record.Length > header.Length && header.Length > 1)
                record = [.. record[..(header.Length - 1)], LastCell(csv.Parser.RawRecord, delimiter, header.Length - 1)];
            var cells = new Dictionary<ImportField, string>();
            foreach (var column in columns)
                if (column.Field is { } field && column.Index < record.Length)
                {
                    // The one text rule, for a file: forbidden characters are removed, and the report says where.
                    cells[field] = Engagements.TextRule.Strip(record[column.Index], out var removed);
                    if (removed > 0) cleaned.Add(new CleanedCell(line, column.Header, removed));
                }
            rows.Add(new TownHallRow(line, cells));
        }
        return new TownHallFile(path, encodingName, delimiter, columns, rows, Convert.ToHexStringLower(SHA256.HashData(bytes)))
        {
            Cleaned = cleaned,
        };
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

    /// <summary>UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1252 (Excel's « CSV » in France).</summary>
    internal static (string Text, string EncodingName) Decode(byte[] bytes)
    {
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

    /// <summary>The separator that occurs most often, outside quotes, in the header line.</summary>
    internal static string DetectDelimiter(string text)
    {
        int semicolons = 0, commas = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c is '\n' or '\r') break;
            else if (!quoted && c == ';') semicolons++;
            else if (!quoted && c == ',') commas++;
            else if (!quoted && c == '\t') tabs++;
        }
        return tabs > semicolons && tabs > commas ? "\t" : semicolons >= commas && semicolons > 0 ? ";" : commas > 0 ? "," : ";";
    }

    /// <summary>Each header cell to its field; a field named twice keeps its first column.</summary>
    internal static List<ColumnMapping> Map(string[] header)
    {
        var taken = new HashSet<ImportField>();
        var columns = new List<ColumnMapping>(header.Length);
        for (var i = 0; i < header.Length; i++)
        {
            ImportField? field = Headers.TryGetValue(FoldHeader(header[i]), out var known) && taken.Add(known) ? known : null;
            columns.Add(new ColumnMapping(i, header[i].Trim(), field));
        }
        return columns;
    }

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
