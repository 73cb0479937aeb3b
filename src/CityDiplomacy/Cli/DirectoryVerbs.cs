using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CityDiplomacy.Data;
using CityDiplomacy.Imports;
using CityDiplomacy.Reference;
using CityDiplomacy.Screening;

namespace CityDiplomacy.Cli;

/// <summary>
/// « directory load » and « directory status »: the national twinning directory shipped inside the executable
/// (<see cref="DirectorySnapshot"/>), loaded with the re-import rules of <see cref="DirectoryLoader"/>.
/// </summary>
internal static class DirectoryVerbs
{
    public static async Task<int> LoadAsync(CliInvocation invocation)
    {
        var snapshot = Snapshot(invocation);
        var output = invocation.Output;
        await using var db = new AppDbFactory(Verbs.DatabaseOptions(invocation)).Create();
        await DataSetup.MigrateAsync(db);
        if (!await ReferenceLoader.IsCurrentAsync(db, ReferenceSource.Embedded))
        {
            output.WriteLine("Chargement des données de référence…");
            await new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded);
        }
        var stopwatch = Stopwatch.StartNew();
        var (outcomes, screening) = await DirectoryLoader.LoadAsync(db, snapshot,
            ScreeningRules.FromConfiguration(Verbs.Configuration(invocation)), TimeProvider.System, actor: "cli");
        foreach (var outcome in outcomes)
        {
            var directory = outcome.Directory;
            if (outcome.Report is not { } report)
            {
                output.WriteLine($"{directory.Name} : déjà à jour, version {Short(directory.Sha256)} ({directory.SourceFile}, {directory.Date}, {directory.Licence}).");
                continue;
            }
            output.WriteLine($"{directory.Name} : version {Short(directory.Sha256)} ({directory.SourceFile}, {directory.Date}, {directory.Licence})" +
                             (outcome.PreviousVersion is { } previous ? $", remplace la version {Short(previous)}" : "") + ".");
            output.WriteLine($"  {report.PairsRead} paires lues, {report.DistinctCommunes} communes, {report.TwinningsCreated} jumelages signalés ajoutés, " +
                             $"{report.DuplicatesMerged} sources ajoutées, {report.Unchanged} inchangés, {report.KeptCommuneEntries} fiches de commune conservées, " +
                             $"{report.Unmatched.Count} sans commune, {report.Unresolved.Count} partenaires non résolus.");
        }
        if (screening is not null)
            output.WriteLine($"Veille : {screening.New.Count} nouveaux signalements, {screening.Changed.Count} modifiés, {screening.Resolved.Count} résolus.");
        output.WriteLine(outcomes.Any(o => o.Loaded)
            ? $"Annuaire national chargé en {stopwatch.Elapsed.TotalSeconds:0.0} s."
            : "Annuaire national déjà à jour : rien n'a changé.");
        if (invocation.Value("--report") is { } reportPath)
        {
            var reports = outcomes.Where(o => o.Report is not null).Select(o => JsonDocument.Parse(o.Report!.ToJson()).RootElement).ToList();
            try { await File.WriteAllTextAsync(reportPath, JsonSerializer.Serialize(reports, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), new UTF8Encoding(false)); }
            catch (UnauthorizedAccessException) { throw new IOException($"{reportPath} : impossible d'écrire le rapport (droits d'accès)."); }
            output.WriteLine($"Rapport : {reportPath}");
        }
        return 0;
    }

    /// <summary>Each shipped directory: loaded version against the shipped one. Exit 3 when one is not loaded at the shipped version.</summary>
    public static async Task<int> StatusAsync(CliInvocation invocation)
    {
        await using var db = new AppDbFactory(Verbs.DatabaseOptions(invocation)).Create();
        await DataSetup.MigrateAsync(db);
        var states = await DirectoryLoader.StatesAsync(db, Snapshot(invocation));
        foreach (var state in states)
        {
            var label = state.Loaded is null ? "non chargé" : state.UpToDate ? "à jour" : "version différente";
            invocation.Output.WriteLine(
                $"{state.Directory.Name,-12} {label,-20} chargé : {(state.Loaded is null ? "—" : Short(state.Loaded.Version)),-16} " +
                $"livré : {Short(state.Directory.Sha256)} ({state.Directory.SourceFile}, {state.Directory.Date}, {state.Directory.Rows} paires, {state.Directory.Licence})");
        }
        return states.All(s => s.UpToDate) ? 0 : 3;
    }

    private static DirectorySnapshot Snapshot(CliInvocation invocation) =>
        invocation.Value("--from") is { } folder ? DirectorySnapshot.FromFolder(folder) : DirectorySnapshot.Embedded;

    private static string Short(string sha256) => sha256.Length > 16 ? sha256[..16] : sha256;
}
