using System.Diagnostics;
using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace CityDiplomacy.Cli;

internal static class ReferenceVerbs
{
    public static async Task<int> LoadAsync(CliInvocation invocation)
    {
        var source = invocation.Value("--from") is { } dir ? new DirectoryReferenceSource(dir) : ReferenceSource.Embedded;
        var factory = new AppDbFactory(Verbs.DatabaseOptions(invocation));
        await using var db = factory.Create();
        await DataSetup.MigrateAsync(db);
        var loader = new ReferenceLoader(db, TimeProvider.System);
        var stopwatch = Stopwatch.StartNew();

        ReferenceLoadResult result;
        if (Interactive(invocation))
        {
            result = await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    var progress = new SynchronousProgress<ReferenceProgress>(p =>
                    {
                        if (!tasks.TryGetValue(p.Dataset, out var task))
                            tasks[p.Dataset] = task = context.AddTask(p.Dataset, maxValue: Math.Max(1, p.Total));
                        task.Value = p.Done;
                    });
                    return await loader.LoadAsync(source, progress);
                });
        }
        else
        {
            var progress = new SynchronousProgress<ReferenceProgress>(p =>
            {
                if (p.Done == p.Total) invocation.Output.WriteLine($"{p.Dataset} : {p.Done} lignes");
            });
            result = await loader.LoadAsync(source, progress);
        }

        foreach (var dataset in result.Datasets)
            invocation.Output.WriteLine(dataset.Loaded
                ? $"{dataset.Name} : chargé, version {dataset.Version}, {dataset.Rows} lignes ({dataset.Removed} retirées)"
                : $"{dataset.Name} : déjà à jour, version {dataset.Version}, {dataset.Rows} lignes");
        invocation.Output.WriteLine(result.ChangedAnything
            ? $"Données de référence chargées en {stopwatch.Elapsed.TotalSeconds:0.0} s."
            : "Données de référence déjà à jour : rien n'a changé.");
        return 0;
    }

    public static async Task<int> StatusAsync(CliInvocation invocation)
    {
        var factory = new AppDbFactory(Verbs.DatabaseOptions(invocation));
        await using var db = factory.Create();
        await DataSetup.MigrateAsync(db);
        var loaded = await db.ReferenceDatasets.AsNoTracking().ToDictionaryAsync(d => d.Name);
        var manifest = ReferenceSource.Embedded.Manifest;
        var upToDate = true;
        foreach (var table in ReferenceLoader.Tables)
        {
            var shipped = manifest.Dataset(table.Name);
            loaded.TryGetValue(table.Name, out var current);
            var state = current is null ? "non chargé"
                : current.Version == shipped?.Version ? "à jour"
                : "version différente";
            upToDate &= state == "à jour";
            invocation.Output.WriteLine(
                $"{table.Name,-12} {state,-20} chargé : {current?.Version ?? "—",-16} ({current?.Rows ?? 0} lignes)   livré : {shipped?.Version ?? "—"}");
        }
        return upToDate ? 0 : 3;
    }

    private static bool Interactive(CliInvocation invocation) =>
        ReferenceEquals(invocation.Output, Console.Out) && !Console.IsOutputRedirected
        && AnsiConsole.Profile.Capabilities.Interactive;
}

/// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool, out of order).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
