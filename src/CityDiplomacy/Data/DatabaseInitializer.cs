using System.Diagnostics;
using CityDiplomacy.Accounts;
using CityDiplomacy.Demo;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CityDiplomacy.Data;

/// <summary>
/// Before the server listens: applies migrations, then loads the shipped reference data when the database lacks it
/// or holds another version (first start, or an upgraded executable).
/// </summary>
internal sealed class DatabaseInitializer(IServiceScopeFactory scopes, ReferenceSource source, ILogger<DatabaseInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        await DataSetup.MigrateAsync(db, cancellationToken);
        await AccountsSetup.SeedRolesAsync(db, cancellationToken);
        if (!await ReferenceLoader.IsCurrentAsync(db, source, cancellationToken))
        {
            logger.LogInformation("Chargement des données de référence ({Source})…", source.Description);
            var stopwatch = Stopwatch.StartNew();
            var loader = scope.ServiceProvider.GetRequiredService<ReferenceLoader>();
            var result = await loader.LoadAsync(source, cancellationToken: cancellationToken);
            foreach (var dataset in result.Datasets.Where(d => d.Loaded))
                logger.LogInformation("{Dataset} : {Rows} lignes, version {Version}", dataset.Name, dataset.Rows, dataset.Version);
            logger.LogInformation("Données de référence chargées en {Seconds:0.0} s", stopwatch.Elapsed.TotalSeconds);
        }

        // At every start: the shipped catalogues (audited as « system »), then the demo on a register still empty.
        var catalogues = await CatalogueSeeder.SeedAsync(db, cancellationToken);
        if (catalogues.Added + catalogues.Updated > 0)
            logger.LogInformation("Catalogues : {Added} entrées ajoutées, {Updated} mises à jour", catalogues.Added, catalogues.Updated);
        if (await Campaigns.CampaignTemplate.SeedAsync(db, TimeProvider.System.GetUtcNow().UtcDateTime, cancellationToken))
            logger.LogInformation("Modèle de campagne « {Slug} » ajouté", Campaigns.CampaignTemplate.Slug);
        if (await Evidence.TerritorySeeder.SeedAsync(db, TimeProvider.System, cancellationToken) is { } territories)
            logger.LogInformation("Statuts territoriaux : {Inserted} ajoutés, {Updated} mis à jour, {Removed} retirés",
                territories.Inserted, territories.Updated, territories.Removed);
        if (scope.ServiceProvider.GetRequiredService<IConfiguration>().GetValue<bool>(DemoData.EnabledSetting)
            && await DemoData.LoadAsync(db, cancellationToken) is > 0 and var demo)
            logger.LogInformation("Données de démonstration chargées : {Count} engagements (désactivables avec --no-demo)", demo);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class DatabaseHealthCheck(AppDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("La base de données répond.")
            : HealthCheckResult.Unhealthy("La base de données ne répond pas.");
}

internal sealed class ReferenceDataHealthCheck(AppDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReferenceLoader.IsLoadedAsync(db, cancellationToken)
                ? HealthCheckResult.Healthy("Données de référence chargées.")
                : HealthCheckResult.Unhealthy("Données de référence absentes : lancez « reference load ».");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("La base de données ne répond pas.", e);
        }
    }
}
