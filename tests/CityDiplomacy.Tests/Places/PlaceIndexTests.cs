using CityDiplomacy.Places;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityDiplomacy.Tests.Places;

public sealed class PlaceIndexTests
{
    private const int Tuchow = 756634;

    /// <summary>A clock that moves only when told.</summary>
    [Fact]
    public async Task The_app_shares_one_index()
    {
        await using var app = await TestApp.StartAsync("sqlite");

        var index = app.Services.GetRequiredService<PlaceIndex>();

        Assert.Same(index, app.Services.GetRequiredService<PlaceIndex>());
        Assert.Same(await index.GetResolverAsync(), await index.GetResolverAsync());
    }

    [Fact]
    public async Task The_index_is_built_on_first_use_and_rebuilt_when_the_reference_version_changes()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        var clock = TestClock.Create();
        var index = new PlaceIndex(app.Services.GetRequiredService<IServiceScopeFactory>(), clock, NullLogger<PlaceIndex>.Instance);
        Assert.Null(index.Version);

        var first = await index.GetResolverAsync();
        Assert.NotNull(index.Version);
        Assert.Equal(Tuchow, first.Resolve("Tuchów", "PL").Best?.GeonameId);

        // What a « reference load » of a new release does: rows change, the dataset gets a new version.
        await using (var db = app.OpenDb())
        {
            await db.Places.Where(p => p.GeonameId == Tuchow).ExecuteUpdateAsync(s => s
                .SetProperty(p => p.Name, "Tuchovia").SetProperty(p => p.AsciiName, "Tuchovia").SetProperty(p => p.AlternateNames, (string?)null));
            await db.ReferenceDatasets.Where(d => d.Name == "places").ExecuteUpdateAsync(s => s.SetProperty(d => d.Version, "nouvelle-version"));
        }
        Assert.Same(first, await index.GetResolverAsync());

        clock.Advance(PlaceIndex.RecheckInterval);
        var second = await index.GetResolverAsync();
        Assert.NotSame(first, second);
        Assert.Contains("nouvelle-version", index.Version);
        Assert.Equal(Tuchow, second.Resolve("Tuchovia", "PL").Best?.GeonameId);

        clock.Advance(PlaceIndex.RecheckInterval);
        Assert.Same(second, await index.GetResolverAsync());
    }
}
