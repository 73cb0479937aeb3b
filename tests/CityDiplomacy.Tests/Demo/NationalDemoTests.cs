using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Demo;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Demo;

public sealed class NationalDemoTests
{
    private static readonly NationalDemoOptions Small = new(Twinnings: 200, Others: 80, Seed: 7, Force: false);

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_same_seed_generates_the_same_labelled_register(string provider)
    {
        await using var first = await TestDatabase.CreateAsync(provider);
        await using var second = await TestDatabase.CreateAsync(provider);

        var a = await GenerateAsync(first, Small);
        var b = await GenerateAsync(second, Small);

        Assert.Equal(200, a.Twinnings);
        Assert.InRange(a.Others, 70, 80);
        Assert.Equal(await SignatureAsync(first), await SignatureAsync(second));
        await using var db = first.Open();
        var engagements = await db.Engagements.AsNoTracking().ToListAsync();
        Assert.Equal(a.Twinnings + a.Others, engagements.Count);
        Assert.All(engagements, e =>
        {
            Assert.Equal(NationalDemo.SourceName, e.SourceName);
            Assert.Equal("graine 7", e.SourceVersion);
            Assert.StartsWith(NationalDemo.TitlePrefix, e.Title);
            Assert.StartsWith(DemoData.DescriptionPrefix, e.Description);
        });
        // Real places of the reference data, several partner countries, every status, some internal, a budget.
        var partners = engagements.OfType<Twinning>().Select(t => Assert.Single(t.Partners)).ToList();
        var geonameIds = partners.Select(p => p.GeonameId!.Value).Distinct().ToList();
        Assert.Equal(geonameIds.Count, await db.Places.CountAsync(p => geonameIds.Contains(p.GeonameId)));
        Assert.True(partners.Select(p => p.CountryCode).Distinct().Count() >= 5);
        Assert.Equal("DE", partners.GroupBy(p => p.CountryCode).MaxBy(g => g.Count())!.Key);
        // Every status a commune states: « reported » is a directory's, never the generated register's.
        Assert.Equal(Enum.GetValues<EngagementStatus>().Where(s => s != EngagementStatus.Reported).Order(), engagements.Select(e => e.Status).Distinct().Order());
        Assert.Contains(engagements, e => e.Visibility == Visibility.Internal);
        Assert.Contains(engagements.OfType<CooperationProject>(), p => p.BudgetLines.Sum(l => l.AmountCents) > 0);
        Assert.Equal(engagements.Count, await db.AuditEntries.CountAsync(x => x.Actor == DemoData.Actor && x.EntityType == nameof(Engagement) && x.Action == "created"));
    }

    [Fact]
    public async Task Another_seed_generates_another_register()
    {
        await using var first = await TestDatabase.CreateAsync("sqlite");
        await using var second = await TestDatabase.CreateAsync("sqlite");
        await GenerateAsync(first, Small);
        await GenerateAsync(second, Small with { Seed = 8 });
        Assert.NotEqual(await SignatureAsync(first), await SignatureAsync(second));
    }

    [Fact]
    public async Task It_refuses_a_database_holding_a_real_register_unless_forced()
    {
        await using var database = await TestDatabase.CreateAsync("sqlite");
        await using (var db = database.Open())
        {
            var twinning = new Twinning("45284", "Jumelage avec Dundee");
            twinning.ReplacePartners([new EngagementPartner { Kind = PartnerKind.Place, GeonameId = 2650752, Name = "Dundee", CountryCode = "GB" }]);
            twinning.Start(EngagementStatus.Proposed, null);
            db.Engagements.Add(twinning);
            await db.SaveChangesAsync();
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => GenerateAsync(database, Small));
        Assert.Contains("1 engagements qui ne sont pas générés", refused.Message);
        Assert.Contains("--force", refused.Message);
        await using (var db = database.Open()) Assert.Equal(1, await db.Engagements.CountAsync());

        var forced = await GenerateAsync(database, Small with { Force = true });
        await using (var db = database.Open())
        {
            Assert.Equal(1 + forced.Twinnings + forced.Others, await db.Engagements.CountAsync());
            Assert.Equal(1, await db.Engagements.CountAsync(e => e.SourceName == null));
        }
    }

    [Fact]
    public async Task The_cli_verb_generates_a_sample_and_then_refuses_to_mix()
    {
        var dataDir = Directory.CreateTempSubdirectory("citydiplomacy-demo-").FullName;
        try
        {
            var (code, output, error) = await RunAsync("demo", "generate", "--scale", "sample", "--twinnings", "50", "--others", "20", "--data-dir", dataDir);
            Assert.True(code == 0, error);
            Assert.Contains("50 jumelages", output);
            Assert.Contains("« démonstration générée »", output);

            var (again, _, refusal) = await RunAsync("demo", "generate", "--scale", "sample", "--data-dir", dataDir);
            Assert.Equal(1, again);
            Assert.Contains("déjà", refusal);

            var (usage, _, usageError) = await RunAsync("demo", "generate", "--scale", "planet", "--data-dir", dataDir);
            Assert.Equal(1, usage);
            Assert.Contains("--scale « planet »", usageError);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CityDiplomacy.Cli.Verbs.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<NationalDemoReport> GenerateAsync(TestDatabase database, NationalDemoOptions options)
    {
        await using var db = database.Open();
        using (AuditActor.Use(DemoData.Actor))
        {
            await CatalogueSeeder.SeedAsync(db);
            return await NationalDemo.GenerateAsync(db, options);
        }
    }

    /// <summary>What the seed decides: communes, kinds, titles, statuses, visibility, partners (not ids nor write instants).</summary>
    private static async Task<string> SignatureAsync(TestDatabase database)
    {
        await using var db = database.Open();
        var rows = await db.Engagements.AsNoTracking().Where(e => e.SourceName == NationalDemo.SourceName).ToListAsync();
        return string.Join('\n', rows
            .Select(e => $"{e.SourceRecord}|{e.CommuneCode}|{e.Kind}|{e.Title}|{e.Status}|{e.Visibility}|{e.StartedOn}|" +
                         string.Join(',', e.Partners.Select(p => p.GeonameId).Order()))
            .Order(StringComparer.Ordinal));
    }
}
