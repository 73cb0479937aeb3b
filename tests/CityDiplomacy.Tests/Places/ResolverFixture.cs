using CityDiplomacy.Places;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Places;

/// <summary>The resolver built once per test class from a copy of the template database (all reference data).</summary>
public sealed class ResolverFixture : IAsyncLifetime
{
    private TestDatabase? _database;

    public PlaceResolver Resolver { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("sqlite");
        await using var db = _database.Open();
        Resolver = await PlaceResolver.LoadAsync(db);
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
    }
}
