using CityDiplomacy.Places;
using CityDiplomacy.Reference;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Places;

/// <summary>The maintained French tables point to real rows of the shipped reference data.</summary>
public sealed class ExonymTablesTests
{
    [Fact]
    public async Task Every_exonym_names_a_loaded_place_of_its_country_with_a_source()
    {
        var exonyms = Exonyms.Load().Places;
        Assert.True(exonyms.Count >= 150, $"{exonyms.Count} exonymes");
        await using var database = await TestDatabase.SharedAsync("sqlite");
        await using var db = database.Open();
        var ids = exonyms.Select(e => e.GeonameId).Distinct().ToList();
        var places = await db.Places.AsNoTracking().Where(p => ids.Contains(p.GeonameId)).ToDictionaryAsync(p => p.GeonameId);

        Assert.All(exonyms, exonym =>
        {
            Assert.True(places.TryGetValue(exonym.GeonameId, out var place), $"{exonym.Exonym} : {exonym.GeonameId} absent de cities500");
            Assert.Equal(exonym.CountryCode, place!.CountryCode);
            Assert.Equal(exonym.Name, place.Name);
            Assert.False(string.IsNullOrWhiteSpace(exonym.Source));
        });
        Assert.Equal(exonyms.Count, exonyms.DistinctBy(e => (NameFolding.Fold(e.Exonym), e.CountryCode)).Count());
    }

    [Fact]
    public async Task Every_region_name_names_a_loaded_first_level_region_with_a_source()
    {
        var names = Exonyms.Load().Regions;
        await using var database = await TestDatabase.SharedAsync("sqlite");
        await using var db = database.Open();
        var regions = (await db.Admin1Regions.AsNoTracking().Select(a => new { a.CountryCode, a.Code }).ToListAsync())
            .Select(a => (a.CountryCode, a.Code)).ToHashSet();

        Assert.NotEmpty(names);
        Assert.All(names, name =>
        {
            Assert.Contains((name.CountryCode, name.Admin1Code), regions);
            Assert.False(string.IsNullOrWhiteSpace(name.Source));
        });
        Assert.Equal(names.Count, names.DistinctBy(n => (NameFolding.Fold(n.Name), n.CountryCode)).Count());
    }
}
