using System.Diagnostics;
using CityDiplomacy.Accounts;
using CityDiplomacy.Demo;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CityDiplomacy.Data;

/// <summary>What a start-up step works with: the database, the host's services and settings, a logger.</summary>
public sealed record StartupContext(AppDb Db, IServiceProvider Services, IConfiguration Configuration, ILogger Logger)
{
    /// <summary>Whether the register held no engagement when the start-up work began (before the demo is added).</summary>
    public bool RegisterWasEmpty { get; set; }
}

/// <summary>One piece of start-up work. It finds nothing to do when another instance has already done it.</summary>
public sealed record StartupStep(string Name, Func<StartupContext, CancellationToken, Task> RunAsync);

/// <summary>
/// The start-up work of every instance and of the « migrate » verb: migrations, reference data, catalogues, demo…,
/// run in order by one instance at a time under <see cref="StartupLock"/>. Later work is one more step in <see cref="Steps"/>.
/// </summary>
public static class StartupWork
{
    public const string MigrateSetting = "Startup:Migrate";

    public static IReadOnlyList<StartupStep> Steps { get; } =
    [
        new("migrations", (c, ct) => DataSetup.MigrateAsync(c.Db, ct)),
        new("roles", (c, ct) => AccountsSetup.SeedRolesAsync(c.Db, ct)),
        new("reference data", LoadReferenceAsync),
        new("register check", async (c, ct) => c.RegisterWasEmpty = !await c.Db.Engagements.AnyAsync(ct)),
        new("catalogues", SeedCataloguesAsync),
        new("campaign template", SeedCampaignTemplateAsync),
        new("territories", SeedTerritoriesAsync),
        new("data-protection keys", CreateKeyAsync),
        new("demo", LoadDemoAsync),
        new("national directory", LoadDirectoryAsync),
        new("pending screening", ScreenPendingAsync),
    ];

    /// <summary>Waits for the lock, then runs every step; the services give a scoped <see cref="AppDb"/>.</summary>
    public static async Task RunAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await using var held = await StartupLock.AcquireAsync(db, logger, cancellationToken);
        var context = new StartupContext(db, scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<IConfiguration>(), logger);
        var stopwatch = Stopwatch.StartNew();
        foreach (var step in Steps)
        {
            logger.LogDebug("Démarrage : {Step}", step.Name);
            await step.RunAsync(context, cancellationToken);
        }
        logger.LogInformation("Base de données prête en {Seconds:0.0} s", stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>Why « serve --no-migrate » cannot start on this database, or null when it is up to date.</summary>
    public static async Task<string?> CheckUpToDateAsync(AppDb db, ReferenceSource source, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
            return $"la base de données n'est pas à jour : {pending.Count} migration(s) en attente ({string.Join(", ", pending.Select(Short))}). "
                   + "Lancez « CityDiplomacy migrate » avec les mêmes options de base de données, puis relancez « serve --no-migrate ».";
        if (!await ReferenceLoader.IsCurrentAsync(db, source, cancellationToken))
            return "les données de référence de la base ne sont pas celles de cette version. "
                   + "Lancez « CityDiplomacy migrate » avec les mêmes options de base de données, puis relancez « serve --no-migrate ».";
        return null;
    }

    private static string Short(string migration) => migration.Length > 15 && migration[14] == '_' ? migration[15..] : migration;

    private static async Task LoadReferenceAsync(StartupContext c, CancellationToken cancellationToken)
    {
        var source = c.Services.GetRequiredService<ReferenceSource>();
        if (await ReferenceLoader.IsCurrentAsync(c.Db, source, cancellationToken)) return;
        c.Logger.LogInformation("Chargement des données de référence ({Source})…", source.Description);
        var stopwatch = Stopwatch.StartNew();
        var result = await c.Services.GetRequiredService<ReferenceLoader>().LoadAsync(source, cancellationToken: cancellationToken);
        foreach (var dataset in result.Datasets.Where(d => d.Loaded))
            c.Logger.LogInformation("{Dataset} : {Rows} lignes, version {Version}", dataset.Name, dataset.Rows, dataset.Version);
        c.Logger.LogInformation("Données de référence chargées en {Seconds:0.0} s", stopwatch.Elapsed.TotalSeconds);
    }

    // At every start: the shipped catalogues (audited as « system »).
    private static async Task SeedCataloguesAsync(StartupContext c, CancellationToken cancellationToken)
    {
        var catalogues = await CatalogueSeeder.SeedAsync(c.Db, cancellationToken);
        if (catalogues.Added + catalogues.Updated > 0)
            c.Logger.LogInformation("Catalogues : {Added} entrées ajoutées, {Updated} mises à jour", catalogues.Added, catalogues.Updated);
    }

    private static async Task SeedTerritoriesAsync(StartupContext c, CancellationToken cancellationToken)
    {
        var time = c.Services.GetService<TimeProvider>() ?? TimeProvider.System;
        if (await Evidence.TerritorySeeder.SeedAsync(c.Db, time, cancellationToken) is { } territories)
            c.Logger.LogInformation("Statuts territoriaux : {Inserted} ajoutés, {Updated} mis à jour, {Removed} retirés",
                territories.Inserted, territories.Updated, territories.Removed);
    }

    /// <summary>
    /// Makes sure the shared key ring holds a key now, under the lock: instances started together would otherwise each
    /// create their own first key, and a cookie protected by one would not be read by the other until their rings refresh.
    /// </summary>
    private static Task CreateKeyAsync(StartupContext c, CancellationToken cancellationToken)
    {
        c.Services.GetService<IDataProtectionProvider>()?.CreateProtector("CityDiplomacy.Startup").Protect([1]);
        return Task.CompletedTask;
    }

    // The demo, on a register still empty.
    private static async Task LoadDemoAsync(StartupContext c, CancellationToken cancellationToken)
    {
        if (c.Configuration.GetValue<bool>(DemoData.EnabledSetting)
            && await DemoData.LoadAsync(c.Db, cancellationToken) is > 0 and var demo)
            c.Logger.LogInformation("Données de démonstration chargées : {Count} engagements (désactivables avec --no-demo)", demo);
    }

    // The shipped campaign template, once: monitors may then edit it.
    private static async Task SeedCampaignTemplateAsync(StartupContext c, CancellationToken cancellationToken)
    {
        var time = c.Services.GetService<TimeProvider>() ?? TimeProvider.System;
        if (await Campaigns.CampaignTemplate.SeedAsync(c.Db, time.GetUtcNow().UtcDateTime, cancellationToken))
            c.Logger.LogInformation("Modèle de campagne « {Slug} » ajouté", Campaigns.CampaignTemplate.Slug);
    }

    // The screening a write killed before it left pending (see PendingScreening).
    private static async Task ScreenPendingAsync(StartupContext c, CancellationToken cancellationToken)
    {
        IReadOnlyList<Screening.ScreeningOutcome> pending;
        using (Auditing.AuditActor.Use("system", "screen"))
            pending = await c.Services.GetRequiredService<Screening.ScreeningService>().ScreenPendingAsync(cancellationToken: cancellationToken);
        if (pending.Count > 0)
            c.Logger.LogInformation("Veille interrompue reprise : {New} nouveaux signalements, {Changed} modifiés, {Resolved} résolus",
                pending.Sum(o => o.New.Count), pending.Sum(o => o.Changed.Count), pending.Sum(o => o.Resolved.Count));
    }

    // The national directory: on the first start of an empty register, and again when the executable ships an
    // updated snapshot of a directory loaded before (with the re-import rules: confirmed and dismissed records kept).
    private static async Task LoadDirectoryAsync(StartupContext c, CancellationToken cancellationToken)
    {
        if (!c.Configuration.GetValue<bool>(Imports.DirectoryLoader.EnabledSetting)
            || !(c.RegisterWasEmpty || await Imports.DirectoryLoader.WasLoadedAsync(c.Db, cancellationToken)))
            return;
        var stopwatch = Stopwatch.StartNew();
        var (outcomes, screening) = await Imports.DirectoryLoader.LoadAsync(c.Db, Imports.DirectorySnapshot.Embedded,
            c.Services.GetRequiredService<Screening.ScreeningRules>(),
            c.Services.GetService<TimeProvider>() ?? TimeProvider.System,
            // The server's place index: built here once, then found ready by the requests (and by its warm-up).
            places: c.Services.GetService<Places.PlaceIndex>(), cancellationToken: cancellationToken);
        foreach (var outcome in outcomes.Where(o => o.Report is not null))
            c.Logger.LogInformation(
                "Annuaire {Directory} ({Licence}) : {Created} jumelages signalés ajoutés, {Communes} communes, {Kept} fiches de commune conservées (désactivable avec --no-directory)",
                outcome.Directory.Name, outcome.Directory.Licence, outcome.Report!.TwinningsCreated, outcome.Report.DistinctCommunes,
                outcome.Report.KeptCommuneEntries);
        if (screening is not null)
            c.Logger.LogInformation("Annuaire chargé et veille passée en {Seconds:0.0} s : {New} signalements", stopwatch.Elapsed.TotalSeconds, screening.New.Count);
    }
}

/// <summary>Whether this instance finished its start-up work: readiness, and the gate in front of every request.</summary>
public sealed class StartupState
{
    private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _done.Task is { IsCompletedSuccessfully: true, Result: true };

    /// <summary>Why the instance could not start (it then stops), or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>True once ready; false when start-up failed or the host stopped before.</summary>
    public Task<bool> Completion => _done.Task;

    internal void MarkReady() => _done.TrySetResult(true);

    internal void MarkFailed(string? failure)
    {
        Failure = failure;
        _done.TrySetResult(false);
    }
}

/// <summary>
/// Runs the start-up work once the server listens, so that /health/ready can answer 503 meanwhile; with
/// « serve --no-migrate » it only checks that the database is up to date. A failure stops the host.
/// </summary>
internal sealed class StartupService(IServiceProvider services, StartupState state, IConfiguration configuration,
    IHostApplicationLifetime lifetime, ILogger<StartupService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the host start the server: readiness answers while the work runs
        try
        {
            while (true)
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                    state.MarkReady();
                    return;
                }
                catch (Exception e) when (DatabaseUnavailable.Is(e) && !stoppingToken.IsCancellationRequested)
                {
                    // A database that is starting too (a container platform) is waited for; readiness stays 503.
                    logger.LogWarning("La base de données ne répond pas ({Message}) : nouvel essai dans {Seconds} s.",
                        e.GetBaseException().Message, RetryDelay.TotalSeconds);
                    await Task.Delay(RetryDelay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            state.MarkFailed(null);
        }
        catch (StartupRefusedException e)
        {
            logger.LogCritical("Démarrage refusé : {Message}", e.Message);
            state.MarkFailed(e.Message);
            lifetime.StopApplication();
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "Échec du démarrage : {Message}", e.Message);
            state.MarkFailed(e.Message);
            lifetime.StopApplication();
        }
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetValue(StartupWork.MigrateSetting, true))
        {
            await StartupWork.RunAsync(services, logger, cancellationToken);
            return;
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        if (await StartupWork.CheckUpToDateAsync(db, services.GetRequiredService<ReferenceSource>(), cancellationToken) is { } problem)
            throw new StartupRefusedException(problem);
    }
}

internal sealed class StartupRefusedException(string message) : Exception(message);

/// <summary>Ready once the start-up work is done (tagged « ready »: only /health/ready asks).</summary>
internal sealed class StartupHealthCheck(StartupState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsReady
            ? HealthCheckResult.Healthy("Démarrage terminé.")
            : HealthCheckResult.Unhealthy(state.Failure ?? "Démarrage en cours : préparation de la base de données."));
}

/// <summary>
/// Before the start-up work is done, a request (other than /health) waits for it a few seconds, then gets a 503 with
/// Retry-After: the database may not have its tables yet.
/// </summary>
internal sealed class StartupGate(RequestDelegate next, StartupState state, IConfiguration configuration)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (state.IsReady || context.Request.Path.StartsWithSegments("/health"))
        {
            await next(context);
            return;
        }
        var wait = TimeSpan.FromSeconds(configuration.GetValue("Startup:RequestWaitSeconds", 30.0));
        var completed = await Task.WhenAny(state.Completion, Task.Delay(wait, context.RequestAborted));
        if (completed == state.Completion && state.IsReady)
        {
            await next(context);
            return;
        }
        await DatabaseUnavailable.WriteAsync(context, "L'application démarre : la base de données est en cours de préparation.");
    }
}
