using System.Text;
using CityDiplomacy.Data;
using CityDiplomacy.Imports;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Cli;

/// <summary>
/// « import engagements --commune INSEE --file F »: a commune's register as its town hall exports it. Shows the column
/// mapping chosen and a summary; « --report » writes the report as JSON. Exit 0 when it ran (rows may be rejected),
/// 1 when the file or the commune is wrong or a strict import refused to write.
/// </summary>
internal static class ImportVerb
{
    public static IReadOnlyList<CliOption> Options(IReadOnlyList<CliOption> common) =>
    [
        new("--commune", "INSEE", "Code INSEE de la commune dont le fichier est le registre."),
        new("--file", "F", "Export CSV de la mairie : UTF-8 ou Windows-1252, séparateur « ; », « , » ou tabulation, en-têtes en français."),
        new("--dry-run", null, "Analyse et rapporte sans rien enregistrer."),
        new("--strict", null, "N'enregistre rien si une ligne est rejetée ou si un partenaire n'est pas résolu."),
        new("--report", "report.json", "Écrit le rapport en JSON (lignes, importées, inchangées, rejetées, non résolues)."),
        .. common,
    ];

    public static async Task<int> RunAsync(CliInvocation invocation)
    {
        var commune = invocation.Value("--commune")?.Trim().ToUpperInvariant()
            ?? throw new CliUsageException("import engagements : --commune INSEE est obligatoire");
        var path = invocation.Value("--file") ?? throw new CliUsageException("import engagements : --file F est obligatoire");
        var options = new ImportOptions(invocation.Flag("--dry-run"), invocation.Flag("--strict"));
        var file = TownHallCsv.Read(path);

        var output = invocation.Output;
        output.WriteLine($"{path} : {file.EncodingName}, séparateur {DelimiterName(file.Delimiter)}, {file.Rows.Count} lignes de données.");
        output.WriteLine("Colonnes :");
        foreach (var column in file.Columns)
            output.WriteLine($"  « {column.Header} » → {(column.Field is { } field ? TownHallCsv.Label(field) : "ignorée")}");

        await using var db = await Verbs.OpenDatabaseAsync(invocation);
        var since = TimeProvider.System.GetUtcNow().UtcDateTime;
        var name = await db.Communes.AsNoTracking().Where(c => c.Code == commune).Select(c => c.Name).FirstOrDefaultAsync()
            ?? throw new InvalidDataException($"{path} : aucune commune de code INSEE « {commune} » ; rien n'a été importé.");
        var resolver = await PlaceResolver.LoadAsync(db);
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
                             (unresolved.Candidates.Count == 0 ? ", aucun candidat"
                                 : ", candidats : " + string.Join(", ", unresolved.Candidates.Select(c => $"{c.Name} ({c.CountryCode}, {c.GeonameId})"))));
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

    private static string DelimiterName(string delimiter) => delimiter switch
    {
        ";" => "« ; »",
        "," => "« , »",
        _ => "tabulation",
    };
}
