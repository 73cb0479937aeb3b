using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Campaigns;

/// <summary>One list read from a file, with the line where it starts.</summary>
public sealed record ListRow(int Line, string CommuneCode, string Name, string HeadOfList, int? Panel);

/// <summary>A line that could not be read, naming its field.</summary>
public sealed record ListLineError(int Line, string Field, string Message);

public sealed record CandidateListFile(string Path, string Format, string EncodingName, string Version, int DataLines,
    IReadOnlyList<ListRow> Lists, IReadOnlyList<ListLineError> Errors);

public sealed record CandidateListImportReport(string File, string Format, string Version, int DataLines, int Lists, int Created, int Updated,
    int Unchanged, IReadOnlyList<ListLineError> Errors, bool Written)
{
    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
}

/// <summary>
/// Candidate lists from a file: the Ministry of the Interior's « candidatures » file of the municipal elections (one line
/// per candidate: « Code circonscription », « Numéro de panneau », « Libellé de la liste », « Tête de liste » = OUI,
/// « Nom/Prénom sur le bulletin de vote »; « ; », UTF-8 or Windows-1252) or a simple « commune;liste;tete_de_liste »
/// file (« panneau » optional). Idempotent: a list is known by its campaign, commune and name; bad lines are named and
/// the others imported, in one transaction.
/// </summary>
public static class CandidateListImport
{
    public const string MinistryFormat = "ministere-interieur";
    public const string SimpleFormat = "simple";
    public const long MaxBytes = 300L * 1024 * 1024;

    private static readonly string[] MinistryColumns =
        ["Code circonscription", "Numéro de panneau", "Libellé de la liste", "Tête de liste", "Nom sur le bulletin de vote", "Prénom sur le bulletin de vote"];
    private static readonly string[] SimpleColumns = ["commune", "liste", "tete_de_liste"];

    public static CandidateListFile Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"{path} : fichier introuvable.", path);
        if (info.Length == 0) throw new InvalidDataException($"{path} : le fichier est vide.");
        if (info.Length > MaxBytes) throw new InvalidDataException($"{path} : {info.Length / (1024 * 1024)} Mo, au-delà de la limite de {MaxBytes / (1024 * 1024)} Mo.");
        var bytes = File.ReadAllBytes(path);
        return Read(path, bytes);
    }

    public static CandidateListFile Read(string name, byte[] bytes)
    {
        var version = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var (text, encodingName) = Decode(bytes);
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            DetectDelimiter = true,
            DetectDelimiterValues = [";", "\t", ","],
            BadDataFound = null,
            MissingFieldFound = null,
            TrimOptions = TrimOptions.Trim,
        };
        using var csv = new CsvReader(new StringReader(text), configuration);
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            throw new InvalidDataException($"{name} : aucune ligne d'en-tête.");
        var headers = header.Select(h => h.Trim()).ToArray();
        bool Has(string[] columns) => columns.All(c => headers.Contains(c, StringComparer.OrdinalIgnoreCase));
        if (Has(MinistryColumns)) return ReadMinistry(name, csv, headers, encodingName, version);
        if (Has(SimpleColumns)) return ReadSimple(name, csv, headers, encodingName, version);
        throw new InvalidDataException(
            $"{name} : format non reconnu. Attendu soit le fichier des candidatures du ministère de l'Intérieur (colonnes {string.Join(", ", MinistryColumns.Select(c => $"« {c} »"))}), " +
            $"soit un fichier simple (colonnes {string.Join(";", SimpleColumns)} et, facultative, panneau). En-têtes lus : {string.Join(", ", headers.Select(h => $"« {h} »"))}.");
    }

    private static CandidateListFile ReadSimple(string name, CsvReader csv, string[] headers, string encodingName, string version)
    {
        var lists = new List<ListRow>();
        var errors = new List<ListLineError>();
        var lines = 0;
        var hasPanel = headers.Contains("panneau", StringComparer.OrdinalIgnoreCase);
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            if (IsBlank(csv)) continue;
            lines++;
            var commune = Field(csv, headers, "commune");
            var list = Field(csv, headers, "liste");
            var head = Field(csv, headers, "tete_de_liste");
            int? panel = null;
            if (hasPanel && Field(csv, headers, "panneau") is { Length: > 0 } panelText)
            {
                if (int.TryParse(panelText, NumberStyles.None, CultureInfo.InvariantCulture, out var p)) panel = p;
                else { errors.Add(new ListLineError(line, "panneau", $"« {panelText} » n'est pas un numéro de panneau.")); continue; }
            }
            if (Missing(commune, "commune", line, errors) | Missing(list, "liste", line, errors) | Missing(head, "tete_de_liste", line, errors)) continue;
            lists.Add(new ListRow(line, commune!.ToUpperInvariant(), list!, head!, panel));
        }
        return new CandidateListFile(name, SimpleFormat, encodingName, version, lines, lists, errors);
    }

    private static CandidateListFile ReadMinistry(string name, CsvReader csv, string[] headers, string encodingName, string version)
    {
        var errors = new List<ListLineError>();
        var lists = new Dictionary<(string Commune, int Panel), (int Line, string Name, string? Head, string? FirstInOrder)>();
        var lines = 0;
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            if (IsBlank(csv)) continue;
            lines++;
            var commune = Field(csv, headers, "Code circonscription");
            var panelText = Field(csv, headers, "Numéro de panneau");
            var listName = Field(csv, headers, "Libellé de la liste");
            if (Missing(commune, "Code circonscription", line, errors) | Missing(panelText, "Numéro de panneau", line, errors)
                | Missing(listName, "Libellé de la liste", line, errors)) continue;
            if (!int.TryParse(panelText, NumberStyles.None, CultureInfo.InvariantCulture, out var panel))
            {
                errors.Add(new ListLineError(line, "Numéro de panneau", $"« {panelText} » n'est pas un numéro de panneau."));
                continue;
            }
            var person = $"{Field(csv, headers, "Prénom sur le bulletin de vote")} {Field(csv, headers, "Nom sur le bulletin de vote")}".Trim();
            var isHead = string.Equals(Field(csv, headers, "Tête de liste"), "OUI", StringComparison.OrdinalIgnoreCase);
            var isFirst = Field(csv, headers, "Ordre") == "1";
            var key = (commune!.ToUpperInvariant(), panel);
            var current = lists.TryGetValue(key, out var known) ? known : (line, listName!, null, null);
            if (isHead && person.Length > 0) current.Head = person;
            if (isFirst && person.Length > 0) current.FirstInOrder = person;
            lists[key] = current;
        }
        var rows = new List<ListRow>();
        foreach (var ((commune, panel), list) in lists)
        {
            var head = list.Head ?? list.FirstInOrder;
            if (head is null)
            {
                errors.Add(new ListLineError(list.Line, "Tête de liste", $"La liste « {list.Name} » n'a ni tête de liste (OUI) ni candidat d'ordre 1."));
                continue;
            }
            rows.Add(new ListRow(list.Line, commune, list.Name, head, panel));
        }
        return new CandidateListFile(name, MinistryFormat, encodingName, version, lines, rows, errors);
    }

    /// <summary>Writes the lists into the campaign: new ones added, known ones (same commune and name) brought in line.</summary>
    public static async Task<CandidateListImportReport> ImportAsync(AppDb db, Campaign campaign, CandidateListFile file, bool dryRun,
        DateTime now, CancellationToken cancellationToken = default)
    {
        var errors = file.Errors.ToList();
        var codes = file.Lists.Select(l => l.CommuneCode).Distinct().ToList();
        var current = (await db.Communes.AsNoTracking().Where(c => codes.Contains(c.Code) && c.Kind == CommuneKind.Current)
            .Select(c => c.Code).ToListAsync(cancellationToken)).ToHashSet();
        var existing = await db.CandidateLists.Where(l => l.CampaignId == campaign.Id && codes.Contains(l.CommuneCode))
            .ToDictionaryAsync(l => (l.CommuneCode, l.Name), cancellationToken);
        var source = $"{Path.GetFileName(file.Path)} ({file.Format}, sha256 {file.Version[..12]})";
        int created = 0, updated = 0, unchanged = 0;
        var seen = new HashSet<(string, string)>();
        foreach (var row in file.Lists)
        {
            if (!current.Contains(row.CommuneCode))
            {
                errors.Add(new ListLineError(row.Line, file.Format == MinistryFormat ? "Code circonscription" : "commune",
                    $"« {row.CommuneCode} » n'est le code INSEE d'aucune commune actuelle."));
                continue;
            }
            try
            {
                var list = new CandidateList(campaign.Id, row.CommuneCode, row.Name, row.HeadOfList, row.Panel, source, now);
                if (!seen.Add((list.CommuneCode, list.Name)))
                {
                    errors.Add(new ListLineError(row.Line, file.Format == MinistryFormat ? "Libellé de la liste" : "liste",
                        $"La liste « {list.Name} » figure deux fois pour la commune {list.CommuneCode}."));
                    continue;
                }
                if (existing.TryGetValue((list.CommuneCode, list.Name), out var known))
                {
                    if (known.Update(list.HeadOfList, list.Panel)) updated++;
                    else unchanged++;
                }
                else
                {
                    db.CandidateLists.Add(list);
                    created++;
                }
            }
            catch (DomainRuleException rule)
            {
                errors.Add(new ListLineError(row.Line, rule.Field, rule.Message));
            }
        }
        var written = !dryRun && created + updated > 0;
        if (written) await db.SaveChangesAsync(cancellationToken);
        else db.ChangeTracker.Clear();
        return new CandidateListImportReport(file.Path, file.Format, file.Version, file.DataLines, file.Lists.Count, created, updated, unchanged,
            errors.OrderBy(e => e.Line).ToList(), written);
    }

    private static (string Text, string EncodingName) Decode(byte[] bytes)
    {
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return (text.TrimStart('\uFEFF'), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return (Encoding.GetEncoding(1252).GetString(bytes), "Windows-1252");
        }
    }

    private static string? Field(CsvReader csv, string[] headers, string name)
    {
        var index = Array.FindIndex(headers, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 && csv.TryGetField<string>(index, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
    }

    private static bool IsBlank(CsvReader csv) => csv.Parser.Record?.All(string.IsNullOrWhiteSpace) ?? true;

    private static bool Missing(string? value, string field, int line, List<ListLineError> errors)
    {
        if (value is not null) return false;
        errors.Add(new ListLineError(line, field, "Valeur obligatoire absente."));
        return true;
    }
}
