using System.Globalization;
using System.Text;
using CityDiplomacy.Auditing;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Engagements;

public sealed class CatalogueSeederTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Seeding_twice_adds_the_shipped_entries_once_then_changes_nothing(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        await using var db = database.Open();

        var first = await CatalogueSeeder.SeedAsync(db);
        var audited = await db.AuditEntries.CountAsync();
        var second = await CatalogueSeeder.SeedAsync(db);

        Assert.Equal(new CatalogueSeeder.Result(Shipped.Networks.Count + Shipped.WorldDays.Count, 0), first);
        Assert.Equal(new CatalogueSeeder.Result(0, 0), second);
        Assert.Equal(audited, await db.AuditEntries.CountAsync());
        Assert.Equal(Shipped.Networks.Count, await db.CityNetworks.CountAsync());
        Assert.Equal(Shipped.WorldDays.Count, await db.WorldDays.CountAsync());
        Assert.All(await db.AuditEntries.ToListAsync(), a => Assert.Equal(CatalogueSeeder.Actor, a.Actor));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Seeding_keeps_a_network_an_administrator_added(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        await using var db = database.Open();
        await CatalogueSeeder.SeedAsync(db);
        using (AuditActor.Use("an-administrator"))
        {
            db.CityNetworks.Add(new CityNetwork { Code = "reseau-local", NameFr = "Réseau local", NameEn = "Local network" });
            await db.SaveChangesAsync();
        }

        var result = await CatalogueSeeder.SeedAsync(db);

        Assert.Equal(new CatalogueSeeder.Result(0, 0), result);
        await using var check = database.Open();
        var kept = await check.CityNetworks.SingleAsync(n => n.Code == "reseau-local");
        Assert.Equal("Réseau local", kept.NameFr);
        Assert.Equal(Shipped.Networks.Count + 1, await check.CityNetworks.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Seeding_brings_a_seeded_entry_back_to_the_shipped_file(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        await using (var db = database.Open())
        {
            await CatalogueSeeder.SeedAsync(db);
            // As an older executable would have left it.
            using (AuditActor.Use(CatalogueSeeder.Actor))
            {
                var c40 = await db.CityNetworks.SingleAsync(n => n.Code == "c40");
                c40.NameEn = "C40";
                c40.SourceUrl = null;
                var day = await db.WorldDays.SingleAsync(w => w.Code == "villes-pour-la-vie");
                day.Day = 29;
                await db.SaveChangesAsync();
            }
        }

        await using (var db = database.Open())
            Assert.Equal(new CatalogueSeeder.Result(0, 2), await CatalogueSeeder.SeedAsync(db));

        await using var check = database.Open();
        var network = await check.CityNetworks.SingleAsync(n => n.Code == "c40");
        Assert.Equal("C40 Cities", network.NameEn);
        Assert.Equal("https://www.c40.org", network.SourceUrl);
        Assert.Equal(30, (await check.WorldDays.SingleAsync(w => w.Code == "villes-pour-la-vie")).Day);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_administrators_correction_of_a_seeded_network_survives_the_next_seeding(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        await using (var db = database.Open())
        {
            await CatalogueSeeder.SeedAsync(db);
            using (AuditActor.Use("an-administrator"))
            {
                var network = await db.CityNetworks.SingleAsync(n => n.Code == "icorn");
                network.NameFr = "ICORN – Réseau international des villes refuges";
                await db.SaveChangesAsync();
            }
        }

        await using (var db = database.Open())
            Assert.Equal(new CatalogueSeeder.Result(0, 0), await CatalogueSeeder.SeedAsync(db));

        await using var check = database.Open();
        Assert.Equal("ICORN – Réseau international des villes refuges", (await check.CityNetworks.SingleAsync(n => n.Code == "icorn")).NameFr);
    }

    [Fact]
    public void Every_shipped_catalogue_row_has_a_web_source()
    {
        Assert.All(Shipped.Networks, n => Assert.True(CatalogueSeeder.IsWebUrl(n.SourceUrl), $"{n.Code}: {n.SourceUrl}"));
        Assert.All(Shipped.WorldDays, w => Assert.True(CatalogueSeeder.IsWebUrl(w.SourceUrl), $"{w.Code}: {w.SourceUrl}"));
    }

    [Fact]
    public void The_catalogues_hold_the_networks_and_world_days_the_register_needs()
    {
        Assert.Equal(
            ["afccre", "c40", "cglu", "cites-unies-france", "iclei", "icorn", "maires-pour-la-paix", "ville-amie-des-enfants", "villes-pour-la-vie"],
            Shipped.Networks.Select(n => n.Code).Order(StringComparer.Ordinal));
        var citiesForLife = Assert.Single(Shipped.WorldDays, w => w.Code == "villes-pour-la-vie");
        Assert.Equal((11, 30), (citiesForLife.Month, citiesForLife.Day));
        var humanRightsDay = Assert.Single(Shipped.WorldDays, w => w.Code == "droits-de-l-homme");
        Assert.Equal((12, 10), (humanRightsDay.Month, humanRightsDay.Day));
        Assert.Equal("Human Rights Day", humanRightsDay.NameEn);
    }

    [Fact]
    public void The_catalogues_copy_the_verified_facts_with_their_sources()
    {
        var facts = SharedFacts.Folder();
        var networks = Facts(Path.Combine(facts, "city_networks.csv"));
        var days = Facts(Path.Combine(facts, "world_days.csv"));

        Assert.Equal(networks.Count, Shipped.Networks.Count);
        foreach (var fact in networks)
        {
            var network = Assert.Single(Shipped.Networks, n => n.NameEn == fact["name_en"]);
            Assert.Equal(fact["name_fr"], network.NameFr);
            Assert.Equal(fact["url"], network.SourceUrl);
        }
        Assert.Equal(days.Count, Shipped.WorldDays.Count);
        foreach (var fact in days)
        {
            var day = Assert.Single(Shipped.WorldDays, w => w.NameEn == fact["name_en"]);
            Assert.Equal(fact["month_day"], $"{day.Month:00}-{day.Day:00}");
            Assert.Equal(fact["name_fr"], day.NameFr);
            Assert.Equal(fact["source_url"], day.SourceUrl);
        }
    }

    [Theory]
    [InlineData("code,name_fr,name_en,scope,url,source_url\nc40,C40,C40 Cities,,,https://www.c40.org\nc40,C40 bis,C40 again,,,https://www.c40.org\n", "ligne 3")]
    [InlineData("code,name_fr,name_en,scope,url,source_url\nc40,C40,C40 Cities,,,\n", "source_url est vide")]
    [InlineData("code,name_fr,name_en,scope,url,source_url\nc40,C40,C40 Cities,,,ftp://example.org\n", "source_url")]
    [InlineData("code,name_fr,name_en,scope,url,source_url\nC 40,C40,C40 Cities,,,https://www.c40.org\n", "minuscules")]
    [InlineData("code,name_fr,name_en,url,source_url\nc40,C40,C40 Cities,,https://www.c40.org\n", "scope")]
    public void A_wrong_network_row_is_refused_with_its_line(string csv, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() =>
            CatalogueSeeder.ReadNetworks(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "city-networks.csv"));
        Assert.Contains(expected, error.Message);
        Assert.StartsWith("city-networks.csv", error.Message);
    }

    [Theory]
    [InlineData("02-30")]
    [InlineData("13-01")]
    [InlineData("30/11")]
    public void An_impossible_world_day_is_refused(string monthDay)
    {
        var csv = $"code,month_day,name_fr,name_en,source_url\njour,{monthDay},Jour,Day,https://example.org\n";
        var error = Assert.Throws<InvalidDataException>(() =>
            CatalogueSeeder.ReadWorldDays(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "world-days.csv"));
        Assert.Contains(monthDay, error.Message);
    }

    [Fact]
    public void The_29th_of_February_is_a_possible_world_day()
    {
        var csv = "code,month_day,name_fr,name_en,source_url\njour,02-29,Jour,Day,https://example.org\n";
        var day = Assert.Single(CatalogueSeeder.ReadWorldDays(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "world-days.csv"));
        Assert.Equal((2, 29), (day.Month, day.Day));
    }

    private static List<Dictionary<string, string>> Facts(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
            rows.Add(csv.HeaderRecord!.ToDictionary(h => h, h => csv.GetField(h) ?? ""));
        return rows;
    }

    private static class Shipped
    {
        public static IReadOnlyList<CatalogueSeeder.NetworkRow> Networks { get; } =
            CatalogueSeeder.ReadNetworks(CatalogueSeeder.OpenShipped(CatalogueSeeder.NetworksFile), CatalogueSeeder.NetworksFile);

        public static IReadOnlyList<CatalogueSeeder.WorldDayRow> WorldDays { get; } =
            CatalogueSeeder.ReadWorldDays(CatalogueSeeder.OpenShipped(CatalogueSeeder.WorldDaysFile), CatalogueSeeder.WorldDaysFile);
    }
}
