using System.Text;
using CityDiplomacy.Data;
using CityDiplomacy.Imports;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Cli;

/// <summary>
/// « import engagements --commune INSEE --file F »: a commune's register as its town hall exports it (CSV, .xlsx, .ods).
/// Shows the column mapping chosen, with the confidence of each column and the ambiguous ones, and a summary;
/// « --map "Etat=country,Situation=status" » overrides the mapping of the columns named; « --report » writes the report
/// as JSON. Exit 0 when it ran (rows may be rejected), 1 when the file or the commune is wrong or a strict import refused
/// to write, 2 when « --map » or « --sheet » names a column, a field or a sheet that does not exist.
/// </summary>
internal static class ImportVerb
{
    public static IReadOnlyList<CliOption> Options(IReadOnlyList<CliOption> common) =>
    [
        new("--commune", "INSEE", "Code INSEE de la commune dont le fichier est le registre."),
        new("--file", "F", "Export de la mairie : CSV (UTF-8, UTF-16 ou Windows-1252 ; « ; », « , » ou tabulation) ou classeur .xlsx / .ods ; 10 Mo et 50 000 lignes au plus."),
        new("--sheet", "NOM", "Feuille du classeur à lire (la première par défaut)."),
        new("--map", "\"En-tête=champ,…\"", "Impose le champ de colonnes nommées (champs : " + string.Join(", ", Enum.GetNames<ImportField>().Select(Camel)) + ", ignore)."),
        new("--dry-run", null, "Analyse et rapporte ce que l'import ferait, sans rien enregistrer."),
        new("--strict", null, "N'enregistre rien si une ligne est rejetée, si un partenaire n'est pas résolu ou si la colonne du partenaire est ambiguë."),
        new("--report", "report.json", "Écrit le rapport en JSON (lignes, importées, inchangées, rejetées, non résolues)."),
        .. common,
    ];

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    public static async Task<int> RunAsync(CliInvocation invocation)
    {
        var commune = invocation.Value("--commune")?.Trim().ToUpperInvariant()
            ?? throw new CliUsageException("import engagements : --commune INSEE est obligatoire");
        var path = invocation.Value("--file") ?? throw new CliUsageException("import engagements : --file F est obligatoire");
        var options = new ImportOptions(invocation.Flag("--dry-run"), invocation.Flag("--strict"));
        if (ParseMap(invocation.Value("--map"), out var overrides) is { } mapError)
        {
            await invocation.Error.WriteLineAsync($"CityDiplomacy import engagements : {mapError}");
            return 2;
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} : fichier introuvable.", path);

        var output = invocation.Output;
        await using var db = await Verbs.OpenDatabaseAsync(invocation);
        var since = TimeProvider.System.GetUtcNow().UtcDateTime;
        var name = await db.Communes.AsNoTracking().Where(c => c.Code == commune).Select(c => c.Name).FirstOrDefaultAsync()
            ?? throw new InvalidDataException($"{path} : aucune commune de code INSEE « {commune} » ; rien n'a été importé.");
        var resolver = await PlaceResolver.LoadAsync(db);
        TownHallFile file;
        try
        {
            file = TownHallCsv.Read(path, new TownHallReadOptions(Overrides: overrides, Sheet: invocation.Value("--sheet"),
                Vocabulary: new ResolverVocabulary(resolver)));
        }
        catch (UnknownColumnException unknown)
        {
            await invocation.Error.WriteLineAsync($"CityDiplomacy import engagements : {unknown.Message}");
            return 2;
        }

        output.WriteLine(file.Sheet is { } sheet
            ? $"{path} : {file.EncodingName}, feuille « {sheet} », en-tête ligne {file.HeaderLine}, {file.Rows.Count} lignes de données."
            : $"{path} : {file.EncodingName}, séparateur {DelimiterName(file.Delimiter)}, en-tête ligne {file.HeaderLine}, {file.Rows.Count} lignes de données.");
        output.WriteLine("Colonnes (confiance de 0 à 1) :");
        foreach (var column in file.Columns)
            output.WriteLine($"  « {column.Header} » → {(column.Field is { } field ? TownHallCsv.Label(field) : "ignorée")} " +
                             $"({ColumnDetection.Format(column.Confidence)})" +
                             (column.Ambiguity is { } ambiguity ? $" ambiguë, aussi : {ambiguity}" : ""));
        if (options.Strict && file.AmbiguousRequired is [var ambiguous, ..])
        {
            await invocation.Error.WriteLineAsync(
                $"CityDiplomacy import engagements : {path} : la colonne « {ambiguous.Header} » ({TownHallCsv.Label(ambiguous.Field!.Value)}) est ambiguë " +
                $"(aussi : {ambiguous.Ambiguity}) ; précisez-la avec --map, rien n'a été enregistré (--strict).");
            return 1;
        }

        var report = await new EngagementImport(db, resolver).RunAsync(commune, file, options);
        if (report.Written) await ScreenVerb.ReportScreeningSinceAsync(db, invocation, since);

        output.WriteLine($"{name} ({commune}) : {report.Rows} lignes, {report.Imported} {(report.Written ? "importées" : "à importer")}, " +
                         $"{report.Unchanged} inchangées, {report.Rejected.Select(r => r.Line).Distinct().Count()} rejetées, " +
                         $"{report.Unresolved.Count} partenaires non résolus.");
        foreach (var rejected in report.Rejected)
            output.WriteLine($"  ligne {rejected.Line} rejetée ({rejected.Field}) : {rejected.Reason}");
        foreach (var unresolved in report.Unresolved)
            output.WriteLine($"  ligne {unresolved.Line} non résolue : « {unresolved.Query} »" +
                             (unresolved.Country is null ? "" : $" ({unresolved.Country})") +
                             (unresolved.Note is { } note ? $", {note}" : unresolved.Candidates.Count == 0 ? ", aucun candidat"
                                 : ", candidats : " + string.Join(", ", unresolved.Candidates.Select(c => $"{c.Name} ({c.CountryCode}, {c.GeonameId})"))) +
                             (unresolved.Elsewhere is { Count: > 0 } elsewhere
                                 ? " ; ailleurs, pour mémoire : " + string.Join(", ", elsewhere.Select(c => $"{c.Name} ({c.CountryCode}, {c.GeonameId})"))
                                 : ""));
        if (invocation.Value("--report") is { } reportPath)
        {
            try { await File.WriteAllTextAsync(reportPath, report.ToJson(), new UTF8Encoding(false)); }
            catch (UnauthorizedAccessException) { throw new IOException($"{reportPath} : impossible d'écrire le rapport (droits d'accès)."); }
            output.WriteLine($"Rapport : {reportPath}");
        }

        if (options.DryRun)
        {
            output.WriteLine("Simulation (--dry-run) : rien n'a été enregistré.");
            return 0;
        }
        if (options.Strict && (report.Rejected.Count > 0 || report.Unresolved.Count > 0))
        {
            await invocation.Error.WriteLineAsync(
                $"CityDiplomacy import engagements : {path} : des lignes sont rejetées ou non résolues, rien n'a été enregistré (--strict).");
            return 1;
        }
        return 0;
    }

    /// <summary>« Etat=country,Situation=status »: header → field; the error, in one line, naming what is unknown.</summary>
    internal static string? ParseMap(string? text, out Dictionary<string, ImportField?> overrides)
    {
        overrides = new Dictionary<string, ImportField?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text)) return null;
        foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.LastIndexOf('=');
            if (equals <= 0)
                return $"--map : « {pair} » n'est pas de la forme En-tête=champ.";
            var header = pair[..equals].Trim();
            var fieldName = pair[(equals + 1)..].Trim();
            if (!TownHallCsv.TryParseField(fieldName, out var field))
                return $"--map : champ « {fieldName} » inconnu (champs : {string.Join(", ", Enum.GetNames<ImportField>().Select(Camel))}, ignore).";
            overrides[header] = field;
        }
        return null;
    }

    private static string DelimiterName(string delimiter) => delimiter switch
    {
        ";" => "« ; »",
        "," => "« , »",
        _ => "tabulation",
    };
}
