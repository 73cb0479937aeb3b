using Microsoft.Extensions.DependencyInjection;
using CityDiplomacy.Data;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CityDiplomacy.Cli;
using CityDiplomacy.Engagements;
using CityDiplomacy.Imports;
using CityDiplomacy.Tests.Infrastructure;
using CityDiplomacy.Tests.Places;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Imports;

/// <summary>
/// The national directory: partners kept at the directory's coordinates, Wikidata items, former communes, the
/// re-import rules, the « directory load » and « directory status » verbs on a small snapshot written here, and the
/// first « serve » of an empty register with the shipped snapshot — on every configured database. These are the only
/// tests that load the directory: every other host opts out (Directory:Enabled=false).
/// </summary>
public sealed class DirectoryLoadTests(ResolverFixture fixture) : IClassFixture<ResolverFixture>, IDisposable
{
    private const string SaintJeanDeBraye = "45284";
    private const string Gagny = "93032";
    private static readonly string Slice = Path.Combine(Repository.Root, "tests", "CityDiplomacy.Tests", "Imports", "DirectoryData", "wikipedia_slice.csv");

    private readonly string _folder = Directory.CreateTempSubdirectory("citydiplomacy-directory-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<DirectoryImportReport> ImportAsync(TestDatabase database, DirectoryFile file)
    {
        await using var db = database.Open();
        var communes = await FrenchCommunes.LoadAsync(db, fixture.Resolver);
        return await new TwinningDirectoryImport(db, fixture.Resolver, communes).RunAsync(file);
    }

    private static async Task<List<Twinning>> TwinningsAsync(TestDatabase database, string commune)
    {
        await using var db = database.Open();
        return await db.Engagements.OfType<Twinning>().AsNoTracking().Where(e => e.CommuneCode == commune).ToListAsync();
    }

    /// <summary>
    /// Wikidata P190 results in the SPARQL JSON format, with the items. Synthetic: the pair is the Wikipedia slice's
    /// Saint-Jean-de-Braye ↔ Pfullendorf, the item ids are made up for the test.
    /// </summary>
    private string WikidataJson()
    {
        const string json = """
            {"head":{"vars":["origincity","origincityLabel","origininsee","sistercity","sistercityLabel","destination_countryLabel","destinationlat","destinationlong"]},
             "results":{"bindings":[
              {"origincity":{"type":"uri","value":"http://www.wikidata.org/entity/Q900001"},
               "origincityLabel":{"type":"literal","value":"Saint-Jean-de-Braye"},
               "origininsee":{"type":"literal","value":"45284"},
               "sistercity":{"type":"uri","value":"http://www.wikidata.org/entity/Q900002"},
               "sistercityLabel":{"type":"literal","value":"Pfullendorf"},
               "destination_countryLabel":{"type":"literal","value":"Germany"},
               "destinationlat":{"type":"literal","value":"47.9242"},"destinationlong":{"type":"literal","value":"9.2567"}},
              {"origincity":{"type":"uri","value":"http://www.wikidata.org/entity/Q900003"},
               "origincityLabel":{"type":"literal","value":"Gagny"},
               "sistercity":{"type":"uri","value":"http://www.wikidata.org/entity/Q900004"},
               "sistercityLabel":{"type":"literal","value":"Gladsaxe"},
               "destination_countryLabel":{"type":"literal","value":"Denmark"},
               "destinationlat":{"type":"literal","value":"55.7384"},"destinationlong":{"type":"literal","value":"12.4696"}},
              {"origincity":{"type":"uri","value":"http://www.wikidata.org/entity/Q900005"},
               "origincityLabel":{"type":"literal","value":"Commune fusionnée sans nom connu"},
               "origininsee":{"type":"literal","value":"01126"},
               "sistercity":{"type":"uri","value":"http://www.wikidata.org/entity/Q900002"},
               "sistercityLabel":{"type":"literal","value":"Pfullendorf"},
               "destination_countryLabel":{"type":"literal","value":"Germany"},
               "destinationlat":{"type":"literal","value":"47.9242"},"destinationlong":{"type":"literal","value":"9.2567"}}
             ]}}
            """;
        var path = Path.Combine(_folder, "p190.json");
        File.WriteAllText(path, json, new UTF8Encoding(false));
        return path;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_partner_GeoNames_lacks_is_kept_at_the_coordinates_the_directory_gives(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);

        var report = await ImportAsync(database, TwinningDirectory.Read(Slice, DirectoryFormat.WikipediaCsv));

        Assert.True(report.PartnersFromSourceCoordinates >= 1, report.ToJson());
        Assert.DoesNotContain(report.Unresolved, u => u.Query == "Gladsaxe");
        var gladsaxe = Assert.Single(await TwinningsAsync(database, Gagny)).Partners.Single();
        Assert.Equal("Gladsaxe", gladsaxe.Name);
        Assert.Equal("DK", gladsaxe.CountryCode);
        Assert.Null(gladsaxe.GeonameId);
        Assert.Equal(55.7384, gladsaxe.Latitude);
        Assert.Equal(12.4696, gladsaxe.Longitude);
        Assert.True(gladsaxe.LocatedBySource);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Wikidata_rows_keep_the_partner_item(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);

        var report = await ImportAsync(database, TwinningDirectory.Read(WikidataJson(), DirectoryFormat.WikidataJson));

        Assert.Equal(3, report.TwinningsCreated);
        Assert.Equal("Q900002", Assert.Single(await TwinningsAsync(database, SaintJeanDeBraye)).Partners.Single().WikidataId);
        var gladsaxe = Assert.Single(await TwinningsAsync(database, Gagny)).Partners.Single();
        Assert.Equal("Q900004", gladsaxe.WikidataId);
        Assert.Null(gladsaxe.GeonameId);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_row_naming_a_former_commune_is_attached_to_the_current_one(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);

        await ImportAsync(database, TwinningDirectory.Read(Slice, DirectoryFormat.WikipediaCsv));

        // Château-Gontier is a delegated commune of Château-Gontier-sur-Mayenne (53062) since 2019.
        Assert.Single(await TwinningsAsync(database, "53062"), t => t.Partners[0].Name == "Frome");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_INSEE_code_of_a_merged_commune_leads_to_the_current_one_through_the_COG_history(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);

        await ImportAsync(database, TwinningDirectory.Read(WikidataJson(), DirectoryFormat.WikidataJson));

        // 01126 was merged into Valserhône (01033) in 2019 and is not a delegated commune: only its code is known.
        Assert.Single(await TwinningsAsync(database, "01033"), t => t.Partners[0].Name == "Pfullendorf");
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_confirmed_and_a_dismissed_record_survive_re_imports_of_both_directory_formats(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        await ImportAsync(database, TwinningDirectory.Read(Slice, DirectoryFormat.WikipediaCsv));
        var today = new DateOnly(2026, 12, 2);
        Guid pfullendorf, boussouma;
        await using (var db = database.Open())
        {
            var twinnings = await db.Engagements.OfType<Twinning>().Where(e => e.CommuneCode == SaintJeanDeBraye).ToListAsync();
            Assert.All(twinnings, t => Assert.Equal((Provenance.Directory, EngagementStatus.Reported), (t.Provenance, t.Status)));
            var confirmed = twinnings.Single(t => t.Partners[0].Name == "Pfullendorf");
            var dismissed = twinnings.Single(t => t.Partners[0].Name == "Boussouma");
            (pfullendorf, boussouma) = (confirmed.Id, dismissed.Id);
            confirmed.Confirm(EngagementStatus.Suspended, new DateOnly(1991, 6, 1), null, "Suspendu par le conseil.", today);
            dismissed.Dismiss("Ce jumelage n'existe plus.", today);
            using (CityDiplomacy.Auditing.AuditActor.Use("test"))
                await db.SaveChangesAsync();
        }

        // An updated Wikipedia list (the rows in another order: another version, other line numbers), then Wikidata.
        var lines = File.ReadAllLines(Slice);
        var updated = Path.Combine(_folder, "wikipedia_updated.csv");
        File.WriteAllText(updated, string.Join("\n", new[] { lines[0] }.Concat(lines.Skip(1).Reverse())) + "\n", new UTF8Encoding(false));
        var wikipedia = await ImportAsync(database, TwinningDirectory.Read(updated, DirectoryFormat.WikipediaCsv));
        var wikidata = await ImportAsync(database, TwinningDirectory.Read(WikidataJson(), DirectoryFormat.WikidataJson));

        Assert.Equal(0, wikipedia.TwinningsCreated);
        Assert.True(wikipedia.KeptCommuneEntries >= 2, wikipedia.ToJson());
        var after = await TwinningsAsync(database, SaintJeanDeBraye);
        Assert.Single(after, t => t.Partners[0].Name == "Pfullendorf");
        Assert.Single(after, t => t.Partners[0].Name == "Boussouma");
        var kept = after.Single(t => t.Id == pfullendorf);
        Assert.Equal(Provenance.Commune, kept.Provenance);
        Assert.Equal(EngagementStatus.Suspended, kept.Status);
        Assert.Equal(new DateOnly(1991, 6, 1), kept.StartedOn);
        Assert.Contains(kept.Sources!, s => s.Name.StartsWith("Wikidata P190", StringComparison.Ordinal));
        Assert.Contains(kept.Sources!, s => s.Name.EndsWith("wikipedia_updated.csv", StringComparison.Ordinal));
        var gone = after.Single(t => t.Id == boussouma);
        Assert.True(gone.IsDismissed);
        Assert.Equal(EngagementStatus.Reported, gone.Status);
        Assert.True(wikidata.KeptCommuneEntries >= 1, wikidata.ToJson());
    }

    /// <summary>A snapshot folder laid out like data/directory, holding the Wikipedia slice.</summary>
    private string SnapshotFolder(string? csv = null)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "snapshot-" + Guid.NewGuid().ToString("N"))).FullName;
        var bytes = csv is null ? File.ReadAllBytes(Slice) : Encoding.UTF8.GetBytes(csv);
        using (var gz = new GZipStream(File.Create(Path.Combine(folder, "wikipedia_slice.csv.gz")), CompressionLevel.Optimal))
            gz.Write(bytes);
        var manifest = new
        {
            version = "test",
            directories = new[]
            {
                new
                {
                    name = "wikipedia", format = "wikipedia-csv", file = "wikipedia_slice.csv.gz", sourceFile = "wikipedia_slice.csv",
                    rows = 7, sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), date = "2026-02", licence = "CC BY-SA 4.0",
                    licenceUrl = "https://creativecommons.org/licenses/by-sa/4.0/", attribution = "Wikipédia", url = "https://en.wikipedia.org/",
                    provenance = "tranche de test",
                },
            },
        };
        File.WriteAllText(Path.Combine(folder, "manifest.json"), JsonSerializer.Serialize(manifest));
        return folder;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(TestDatabase database, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Verbs.RunAsync([.. args, "--database", database.ProviderName, "--connection-string", database.ConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Directory_load_twice_changes_nothing_the_second_time_and_status_says_so(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        var snapshot = SnapshotFolder();

        var before = await RunAsync(database, "directory", "status", "--from", snapshot);
        var first = await RunAsync(database, "directory", "load", "--from", snapshot);
        await using var db = database.Open();
        var afterFirst = await db.Engagements.AsNoTracking().Select(e => new { e.Id, e.Version }).OrderBy(e => e.Id).ToListAsync();
        var audits = await db.AuditEntries.CountAsync();
        var second = await RunAsync(database, "directory", "load", "--from", snapshot);
        var after = await RunAsync(database, "directory", "status", "--from", snapshot);

        Assert.Equal(3, before.Code);
        Assert.Contains("non chargé", before.Output);
        Assert.True(first.Code == 0, first.Error);
        Assert.Contains("jumelages signalés ajoutés", first.Output);
        Assert.True(afterFirst.Count >= 5, first.Output);
        Assert.True(second.Code == 0, second.Error);
        Assert.Contains("déjà à jour", second.Output);
        Assert.Equal(afterFirst, await db.Engagements.AsNoTracking().Select(e => new { e.Id, e.Version }).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(audits, await db.AuditEntries.CountAsync());
        Assert.Equal(0, after.Code);
        Assert.Contains("à jour", after.Output);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Directory_status_exits_3_when_the_loaded_version_is_not_the_shipped_one(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        var older = SnapshotFolder(string.Join("\n", File.ReadAllLines(Slice).Take(4)) + "\n");
        var newer = SnapshotFolder();

        Assert.Equal(0, (await RunAsync(database, "directory", "load", "--from", older)).Code);
        var status = await RunAsync(database, "directory", "status", "--from", newer);

        Assert.Equal(3, status.Code);
        Assert.Contains("version différente", status.Output);
    }

    [Fact]
    public async Task Directory_load_names_the_file_of_a_broken_snapshot_and_writes_nothing()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var snapshot = SnapshotFolder();
        File.Delete(Path.Combine(snapshot, "wikipedia_slice.csv.gz"));

        var result = await RunAsync(database, "directory", "load", "--from", snapshot);

        Assert.Equal(1, result.Code);
        Assert.Contains("wikipedia_slice.csv.gz", result.Error);
        await using var db = database.Open();
        Assert.False(await db.Engagements.AnyAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_first_serve_of_an_empty_register_shows_the_national_picture(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);

        // Without the warm-up after start-up, the place index exists only if the directory's load built it for the server.
        var index = await ServeOnceAsync(database, "--Places:WarmOnStart=false");

        Assert.NotNull(index); // built once, for the load and the requests that follow
        await using var db = database.Open();
        var directory = db.Engagements.AsNoTracking().Where(e => e.Provenance == Provenance.Directory);
        var communes = await directory.Select(e => e.CommuneCode).Distinct().CountAsync();
        var twinnings = await directory.CountAsync();
        Assert.True(communes >= 1400, $"{communes} communes");
        Assert.True(twinnings >= 3350, $"{twinnings} jumelages");
        Assert.Equal(twinnings, await directory.CountAsync(e => e.Kind == EngagementKind.Twinning && e.Status == EngagementStatus.Reported
                                                                && e.SourceName != null && e.SourceName.StartsWith("Wikipédia")));
        // Provenance on every engagement: the directory's, or the commune's for the demo facts.
        Assert.Equal(await db.Engagements.CountAsync(),
            await db.Engagements.CountAsync(e => e.Provenance == Provenance.Directory || e.Provenance == Provenance.Commune || e.Provenance == Provenance.Observed));
        Assert.True(await db.EngagementPartners.CountAsync(p => p.GeonameId == null && p.Kind == PartnerKind.Place && p.Latitude != null) >= 100);
        Assert.Equal(7, await db.Engagements.CountAsync(e => e.Description != null && e.Description.StartsWith(CityDiplomacy.Demo.DemoData.DescriptionPrefix)));
        Assert.True(await db.ReferenceDatasets.AnyAsync(d => d.Name == "directory-wikipedia"));
    }

    [Fact]
    public async Task Serve_with_no_directory_loads_the_demo_only()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");

        await ServeOnceAsync(database, "--no-directory");

        await using var db = database.Open();
        Assert.Equal(7, await db.Engagements.CountAsync());
        Assert.False(await db.ReferenceDatasets.AnyAsync(d => d.Name.StartsWith(DirectoryLoader.DatasetPrefix)));
    }

    /// <summary>
    /// What « serve » does, up to listening on a free port, then stops: the settings beside the executable apply.
    /// Returns the version of the server's place index when the start-up work is done (null: not built).
    /// </summary>
    private static async Task<string?> ServeOnceAsync(TestDatabase database, params string[] options)
    {
        var (verb, values) = CommandLine.Parse(Verbs.All, Verbs.DefaultVerb,
            ["serve", "--urls", "http://127.0.0.1:0", "--database", database.ProviderName, "--connection-string", database.ConnectionString, .. options]);
        var invocation = new CliInvocation(verb!, values, TextWriter.Null, TextWriter.Null);
        await using var app = WebApp.Build([.. invocation.Values(CliInvocation.ConfigurationArguments)], ServeVerb.Overrides(invocation));
        await app.StartAsync();
        // The start-up work (the directory among it) runs once the server listens: wait for it.
        Assert.True(await app.Services.GetRequiredService<StartupState>().Completion);
        var index = app.Services.GetRequiredService<CityDiplomacy.Places.PlaceIndex>().Version;
        await app.StopAsync();
        return index;
    }
}
