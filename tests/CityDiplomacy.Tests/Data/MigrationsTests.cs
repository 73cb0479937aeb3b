using CityDiplomacy.Data;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Data;

public sealed class MigrationsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrations_apply_to_an_empty_database_and_match_the_model(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, withReference: false);
        await using var db = database.Open();

        await DataSetup.MigrateAsync(db);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "Le modèle a changé sans migration : ajoutez-en une pour chaque fournisseur.");
        Assert.Equal(0, await db.Communes.CountAsync());
    }

    [Fact]
    public async Task Sqlite_database_runs_in_WAL_mode()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite", withReference: false);
        await using var db = database.Open();
        await DataSetup.MigrateAsync(db);

        var mode = await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync();

        Assert.Equal("wal", Assert.Single(mode));
    }
}
