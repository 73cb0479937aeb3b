using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CityDiplomacy.Data;

internal sealed class DatabaseHealthCheck(AppDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // A query, not just an open: a pooled connection to a server that went away opens without a round trip.
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
            return HealthCheckResult.Healthy("La base de données répond.");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("La base de données ne répond pas.");
        }
    }
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
