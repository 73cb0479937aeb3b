using System.Text.Json;
using System.Text.Json.Serialization;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using CityDiplomacy.Screening;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Cli;

/// <summary>
/// « screen [--commune INSEE | --all] [--format json|text] »: runs the screening rules (one commune or national),
/// records the run, then prints the current flags (JSON array or text) and what changed.
/// </summary>
internal static class ScreenVerb
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static IReadOnlyList<CliOption> Options(IEnumerable<CliOption> common) =>
    [
        new("--commune", "INSEE", "Commune à examiner (code INSEE)."),
        new("--all", null, "Examine toutes les communes (exécution nationale)."),
        new("--format", "json|text", "Sortie : json (tableau de signalements) ou text (défaut)."),
        .. common,
    ];

    /// <summary>Says what the screening after a verb's write (run by <see cref="ScreeningDispatcher"/>) changed: the runs since <paramref name="since"/>.</summary>
    public static async Task ReportScreeningSinceAsync(AppDb db, CliInvocation invocation, DateTime since)
    {
        var runs = await db.ScreeningRuns.AsNoTracking().Where(r => r.StartedAt >= since).ToListAsync();
        await invocation.Output.WriteLineAsync(
            $"Veille : {runs.Sum(r => r.New)} nouveaux signalements, {runs.Sum(r => r.Changed)} modifiés, {runs.Sum(r => r.Resolved)} résolus.");
    }

    public static async Task<int> RunAsync(CliInvocation invocation)
    {
        var commune = invocation.Value("--commune")?.Trim().ToUpperInvariant();
        var all = invocation.Flag("--all");
        if (commune is null == !all)
            throw new CliUsageException("screen : donnez soit --commune INSEE, soit --all");
        var format = invocation.Value("--format")?.Trim().ToLowerInvariant() ?? "text";
        if (format is not ("json" or "text"))
            throw new CliUsageException($"screen : --format « {format} » inconnu : json ou text");

        await using var db = await Verbs.OpenDatabaseAsync(invocation, quiet: true);
        if (commune is not null)
        {
            if (!Commune.IsWellFormedCode(commune) || !await db.Communes.AnyAsync(c => c.Code == commune && c.Kind == CommuneKind.Current))
                throw new CliUsageException($"screen : aucune commune actuelle n'a le code INSEE « {commune} »");
        }

        var service = new ScreeningService(db, ScreeningRules.FromConfiguration(Verbs.Configuration(invocation)), TimeProvider.System);
        ScreeningOutcome outcome;
        using (AuditActor.Use("cli", "screen"))
            outcome = await service.ScreenAsync(commune is null ? ScreeningScope.All : ScreeningScope.Commune(commune));
        var flags = await db.ListAsync(commune, includeInternal: true);

        if (format == "json")
        {
            await invocation.Output.WriteLineAsync(JsonSerializer.Serialize(flags.Select(ScreenLine.From).ToList(), Json));
            return 0;
        }
        var run = outcome.Run;
        await invocation.Output.WriteLineAsync(
            $"Règles {run.RuleVersion} : {run.EngagementsScreened} engagement(s) examiné(s) ; {run.New} nouveau(x), {run.Changed} modifié(s), " +
            $"{run.Resolved} résolu(s) ; {flags.Count} signalement(s) en cours.");
        foreach (var f in flags)
        {
            await invocation.Output.WriteLineAsync(
                $"{f.CommuneCode} {f.CommuneName} · {f.EngagementTitle} · {f.RuleId} [{f.Severity}] [{f.State}]");
            await invocation.Output.WriteLineAsync($"    {f.Explanation}");
            foreach (var e in f.Evidence)
                await invocation.Output.WriteLineAsync($"    source : {e.SourceName}{(e.Url is null ? "" : " " + e.Url)}{(e.Date is null ? "" : " (" + e.Date + ")")}");
        }
        return 0;
    }
}
