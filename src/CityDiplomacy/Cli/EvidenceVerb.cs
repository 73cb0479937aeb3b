using System.Text;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Evidence;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Cli;

/// <summary>
/// « evidence import --kind K FILE »: country indicators (V-Dem, Freedom House, generic), local alerts or the
/// territorial-status file. Prints progress and the report; exit 0 when the file was imported or changed nothing,
/// 1 when rows were refused (nothing written) or the file cannot be read.
/// </summary>
internal static class EvidenceVerb
{
    public static IReadOnlyList<CliOption> Options(IReadOnlyList<CliOption> common) =>
    [
        new("--kind", "vdem|freedomhouse|indicators|alerts|territories", "Sorte de fichier."),
        new("--file", "F", "Le fichier CSV (aussi en argument : evidence import --kind K F)."),
        new("--source-name", "N", "Nom de la source affiché (défaut selon la sorte, par ex. « V-Dem (Varieties of Democracy) »)."),
        new("--source-url", "U", "Adresse de la source (défaut selon la sorte, par ex. https://v-dem.net)."),
        new("--licence", "L", "Licence des données (défaut selon la sorte, par ex. CC BY-SA 4.0 pour V-Dem)."),
        new("--report", "report.json", "Écrit le rapport en JSON."),
        .. common,
    ];

    public static async Task<int> RunAsync(CliInvocation invocation)
    {
        var kind = EvidenceImporter.ParseKind(invocation.Value("--kind"))
            ?? throw new CliUsageException("evidence import : --kind vdem|freedomhouse|indicators|alerts|territories est obligatoire");
        var path = invocation.Value("--file") ?? throw new CliUsageException("evidence import : donnez le fichier (--file F ou en argument)");
        if (!File.Exists(path)) throw new IOException($"{path} : fichier introuvable.");
        var bytes = await File.ReadAllBytesAsync(path);
        var output = invocation.Output;

        await using var db = await Verbs.OpenDatabaseAsync(invocation);
        var since = TimeProvider.System.GetUtcNow().UtcDateTime;
        PlaceResolver? resolver = null;
        if (kind == EvidenceKind.Alerts)
        {
            output.WriteLine("Construction de l'index des lieux…");
            resolver = await PlaceResolver.LoadAsync(db);
        }
        var progress = new Progress(output);
        EvidenceReport report;
        using (AuditActor.Use("cli"))
            report = await new EvidenceImporter(db, TimeProvider.System).ImportAsync(kind, bytes, path,
                new EvidenceImportOptions("cli", invocation.Value("--source-name"), invocation.Value("--source-url"), invocation.Value("--licence")),
                resolver is null ? null : () => resolver, progress);

        Write(output, report);
        // New evidence: every engagement was screened again after the write, so flags follow the evidence at once.
        if (report.Written) await ScreenVerb.ReportScreeningSinceAsync(db, invocation, since);
        if (invocation.Value("--report") is { } reportPath)
        {
            await File.WriteAllTextAsync(reportPath, report.ToJson(), new UTF8Encoding(false));
            output.WriteLine($"Rapport : {reportPath}");
        }
        if (report.Rejected.Count > 0)
        {
            await invocation.Error.WriteLineAsync(
                $"CityDiplomacy evidence import : {report.FileName} : {report.Rejected.Count} erreur(s), rien n'a été enregistré.");
            return 1;
        }
        return 0;
    }

    public static void Write(TextWriter output, EvidenceReport report)
    {
        output.WriteLine($"{report.FileName} ({EvidenceImporter.KindName(report.Kind)}, SHA-256 {report.Sha256[..12]}…) — source : {report.SourceName}" +
                         (report.Licence is null ? "" : $", licence : {report.Licence}"));
        output.WriteLine($"{report.Lines} lignes lues, {report.Rows} valeurs ; {report.Inserted} ajoutées, {report.Updated} mises à jour, " +
                         $"{report.Unchanged} inchangées{(report.Kind == EvidenceKind.Territories ? $", {report.Removed} retirées" : "")}, " +
                         $"{report.Rejected.Select(r => r.Line).Distinct().Count()} lignes rejetées, {report.Skipped.Count} lignes écartées.");
        if (report.IgnoredColumns.Count > 0) output.WriteLine($"Colonnes ignorées : {string.Join(", ", report.IgnoredColumns)}");
        foreach (var rejected in report.Rejected)
            output.WriteLine($"  {report.FileName}, ligne {rejected.Line}, {rejected.Field} : {rejected.Reason}");
        foreach (var group in report.Skipped.GroupBy(s => s.Reason))
            output.WriteLine($"  écartée(s) ({group.Count()} ligne(s), {group.First().Field}, première ligne {group.Min(s => s.Line)}) : {group.Key}");
        output.WriteLine(report.Rejected.Count > 0 ? "Rien n'a été enregistré : corrigez les lignes rejetées."
            : report.Written ? "Import enregistré." : "Rien n'a changé : ce fichier est déjà importé.");
    }

    private sealed class Progress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine(value);
    }
}
