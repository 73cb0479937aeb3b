using System.Text;
using CityDiplomacy.Auditing;
using CityDiplomacy.Engagements;
using CityDiplomacy.Imports;
using CityDiplomacy.Tests.Infrastructure;
using CityDiplomacy.Tests.Places;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Imports;

/// <summary>
/// « import twinnings » on the committed slices of the Wikipedia and Wikidata directories (tests/data/twinning) and on small files written here, on
/// every configured database; the resolver is built once for the class.
/// </summary>
public sealed class TwinningDirectoryImportTests(ResolverFixture fixture) : IClassFixture<ResolverFixture>, IDisposable
{
    private const string SaintJeanDeBraye = "45284";
    private const string WikipediaHeader = "city1,country1,lat1,lng1,city2,country2,lat2,lng2";

    private readonly string _folder = Directory.CreateTempSubdirectory("citydiplomacy-twinnings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A slice of a national directory committed under tests/data/twinning.</summary>
    internal static string SharedFile(string name) => Repository.TestFile("twinning", name);

    private string Write(string text, string extension = ".csv")
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + extension);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    /// <summary>The header and the lines of the Wikipedia slice that name one of <paramref name="names"/>, in file order.</summary>
    private string WikipediaSlice(params string[] names)
    {
        var lines = File.ReadAllLines(SharedFile("wikipedia_twin_cities_2026.csv"));
        return Write(string.Join("\n", new[] { lines[0] }.Concat(lines.Skip(1).Where(l => names.Any(n => l.Contains(n, StringComparison.Ordinal))))) + "\n");
    }

    private async Task<DirectoryImportReport> ImportAsync(TestDatabase database, DirectoryFile file, bool dryRun = false)
    {
        await using var db = database.Open();
        var communes = await FrenchCommunes.LoadAsync(db, fixture.Resolver);
        return await new TwinningDirectoryImport(db, fixture.Resolver, communes).RunAsync(file, dryRun);
    }

    private static async Task<List<Twinning>> TwinningsAsync(TestDatabase database, string commune = SaintJeanDeBraye)
    {
        await using var db = database.Open();
        return await db.Engagements.OfType<Twinning>().AsNoTracking().Where(e => e.CommuneCode == commune).ToListAsync();
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Saint_Jean_de_Braye_gets_its_twinnings_with_March_listed_from_both_ends_merged_into_one(string provider)
    {
        var slice = WikipediaSlice("Saint-Jean-de-Braye");
        await using var database = await TestDatabase.SharedAsync(provider);

        var report = await ImportAsync(database, TwinningDirectory.Read(slice, DirectoryFormat.WikipediaCsv));

        Assert.Equal(4, report.PairsRead);
        Assert.Equal(4, report.FrenchCommunesMatched);
        Assert.Equal(1, report.DistinctCommunes);
        Assert.Equal(4, report.PartnersResolved);
        Assert.Equal(3, report.TwinningsCreated);
        Assert.Equal(1, report.DuplicatesMerged);
        Assert.True(report.Written);
        // « March, England, United Kingdom » is given at 55°N 3°W, in Scotland: resolved without it, and said so.
        Assert.Single(report.CoordinateWarnings, w => w.Query == "March");

        var twinnings = await TwinningsAsync(database);
        Assert.Equal(["Boussouma", "March", "Pfullendorf"], twinnings.Select(t => t.Partners.Single().Name).Order());
        var march = twinnings.Single(t => t.Partners[0].Name == "March");
        Assert.Equal("GB", march.Partners[0].CountryCode);
        Assert.Equal(2, march.Sources.Count);
        Assert.All(march.Sources, s => Assert.StartsWith("Wikipédia, villes jumelles (CC BY-SA 4.0) : ", s.Name));
        Assert.Equal(march.Sources[0].Record, march.SourceRecord);
        foreach (var twinning in twinnings)
        {
            // The directory says the towns are twinned, nothing of the status: « signalé », not the commune's paperwork.
            Assert.Equal(EngagementStatus.Reported, twinning.Status);
            Assert.Equal(Provenance.Directory, twinning.Provenance);
            Assert.False(twinning.AwaitingRegularisation);
            Assert.Equal(report.SourceVersion, twinning.SourceVersion);
            Assert.Matches("^ligne [0-9]+$", twinning.SourceRecord);
        }

        await using var db = database.Open();
        var audits = await db.AuditEntries.AsNoTracking().Where(a => a.CommuneCode == SaintJeanDeBraye).ToListAsync();
        Assert.Equal(3, audits.Count);
        Assert.All(audits, a => Assert.Equal("created", a.Action));
        Assert.All(audits, a => Assert.Equal("cli", a.Actor));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_second_import_changes_nothing_and_a_dry_run_writes_nothing(string provider)
    {
        var slice = WikipediaSlice("Saint-Jean-de-Braye", "Granville");
        await using var database = await TestDatabase.SharedAsync(provider);
        var file = TwinningDirectory.Read(slice, DirectoryFormat.WikipediaCsv);
        int auditsBefore;
        await using (var db = database.Open()) auditsBefore = await db.AuditEntries.CountAsync(); // the catalogues' seeding

        var dry = await ImportAsync(database, file, dryRun: true);
        Assert.False(dry.Written);
        Assert.True(dry.TwinningsCreated > 3);
        await using (var db = database.Open())
        {
            Assert.Equal(0, await db.Engagements.CountAsync());
            Assert.Equal(auditsBefore, await db.AuditEntries.CountAsync());
        }

        var first = await ImportAsync(database, file);
        Assert.Equal(dry.TwinningsCreated, first.TwinningsCreated);
        Assert.Equal(dry.DuplicatesMerged, first.DuplicatesMerged);
        var second = await ImportAsync(database, file);

        Assert.Equal(0, second.TwinningsCreated);
        Assert.Equal(0, second.DuplicatesMerged);
        Assert.Equal(first.TwinningsCreated + first.DuplicatesMerged, second.Unchanged);
        Assert.False(second.Written);
        await using var check = database.Open();
        Assert.Equal(first.TwinningsCreated, await check.Engagements.CountAsync());
        Assert.Equal(auditsBefore + first.TwinningsCreated, await check.AuditEntries.CountAsync());
        Assert.All(await check.Engagements.AsNoTracking().ToListAsync(), e => Assert.Equal(1, e.Version));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_twinning_the_commune_entered_itself_is_left_exactly_as_it_is(string provider)
    {
        var slice = WikipediaSlice("Saint-Jean-de-Braye");
        await using var database = await TestDatabase.SharedAsync(provider);
        var pfullendorf = fixture.Resolver.Resolve("Pfullendorf", "DE").Best!.GeonameId!.Value;
        Guid id;
        await using (var db = database.Open())
        {
            var entered = await new TwinningInput
            {
                Partner = new PartnerInput { GeonameId = pfullendorf },
                SignedOn = "1993-05-08",
                Notes = "Saisi par le service des relations internationales.",
            }.CreateAsync(SaintJeanDeBraye, db);
            db.Engagements.Add(entered);
            using (AuditActor.Use("cli", "test")) await db.SaveChangesAsync();
            id = entered.Id;
        }

        var report = await ImportAsync(database, TwinningDirectory.Read(slice, DirectoryFormat.WikipediaCsv));

        Assert.Equal(1, report.KeptCommuneEntries);
        Assert.Equal(2, report.TwinningsCreated);
        var twinnings = await TwinningsAsync(database);
        var kept = twinnings.Single(t => t.Id == id);
        Assert.Equal(1, kept.Version);
        Assert.Null(kept.SourceName);
        Assert.Empty(kept.Sources);
        Assert.Equal(new DateOnly(1993, 5, 8), kept.StartedOn);
        Assert.Equal("Saisi par le service des relations internationales.", kept.Notes);
        Assert.Single(twinnings, t => t.Partners[0].GeonameId == pfullendorf);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_same_pair_from_Wikidata_then_Wikipedia_is_one_twinning_keeping_both_sources(string provider)
    {
        var slice = WikipediaSlice("Saint-Jean-de-Braye");
        await using var database = await TestDatabase.SharedAsync(provider);

        var wikidata = await ImportAsync(database, TwinningDirectory.Read(Write(WikidataJsonFixture, ".json"), DirectoryFormat.WikidataJson));
        var wikipedia = await ImportAsync(database, TwinningDirectory.Read(slice, DirectoryFormat.WikipediaCsv));

        Assert.Equal(3, wikidata.TwinningsCreated); // Tuchów and Pfullendorf for Saint-Jean-de-Braye, Kraków for Orléans
        Assert.Single(wikidata.Unmatched); // Bretagne is a region
        Assert.Equal(2, wikipedia.TwinningsCreated); // March and Boussouma; Pfullendorf is merged
        Assert.Equal(1 + 1, wikipedia.DuplicatesMerged);
        var pfullendorf = (await TwinningsAsync(database)).Single(t => t.Partners[0].Name == "Pfullendorf");
        Assert.StartsWith("Wikidata P190 (CC0 1.0)", pfullendorf.SourceName);
        Assert.Equal("résultat 2 (Q208858 ↔ Q506722)", pfullendorf.SourceRecord);
        Assert.Equal(2, pfullendorf.Sources.Count);
        Assert.StartsWith("Wikipédia", pfullendorf.Sources[1].Name);
        Assert.Equal(2, pfullendorf.Version);
        Assert.Single(await TwinningsAsync(database, "45234"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Regions_departments_namesakes_and_French_pairs_are_reported_never_invented(string provider)
    {
        var path = Write(WikipediaHeader + "\n" +
            "Gers,France,43.6667,0.5833,Teruel,Spain,40.3456,-1.1065\n" + // a département
            "Brittany,France,48.0,-3.0,Wales,United Kingdom,52.3,-3.6\n" + // a region, in English
            "Vienne,France,46.5802,0.3404,Bad Kreuznach,Germany,49.8419,7.8675\n" + // the département's coordinates, not Vienne (Isère)
            "Saint-Raphaël,France,43.4253,6.7684,Triberg,Germany,48.13,8.2333\n" + // two communes: the one in the Var
            "Vaux,France,47.0,2.0,Hamm,Germany,51.68,7.82\n" + // three communes, none near
            "Atlantis,France,47.0,2.0,Hamm,Germany,51.68,7.82\n" + // no such commune
            "Auxerre,France,47.7986,3.5672,Roscoff,France,48.7264,-3.9853\n" + // both French
            "Berat,Albania,40.7022,19.9583,Fermo,Italy,43.1608,13.7158\n"); // no French side
        await using var database = await TestDatabase.SharedAsync(provider);

        var report = await ImportAsync(database, TwinningDirectory.Read(path, DirectoryFormat.WikipediaCsv));

        Assert.Equal(8, report.PairsRead);
        Assert.Equal(1, report.SkippedNotFrench);
        Assert.Equal(1, report.FrenchCommunesMatched);
        Assert.Equal(1, report.TwinningsCreated);
        Assert.Single(await TwinningsAsync(database, "83118")); // Saint-Raphaël (Var)
        var byLine = report.Unmatched.ToDictionary(u => u.Line);
        Assert.Equal(UnmatchedReasons.RegionOrDepartment, byLine[2].Reason);
        Assert.Contains("département Gers (32)", byLine[2].Explanation);
        Assert.Equal(UnmatchedReasons.RegionOrDepartment, byLine[3].Reason);
        Assert.Equal(UnmatchedReasons.RegionOrDepartment, byLine[4].Reason);
        Assert.Equal("38544", Assert.Single(byLine[4].Candidates).Code);
        Assert.Equal(UnmatchedReasons.TooFar, byLine[6].Reason);
        Assert.True(byLine[6].Candidates.Count >= 3);
        Assert.All(byLine[6].Candidates, c => Assert.True(c.DistanceKm > FrenchCommunes.NamesakeDistanceKm));
        Assert.Equal(UnmatchedReasons.NoCommune, byLine[7].Reason);
        Assert.Equal(UnmatchedReasons.BothFrench, byLine[8].Reason);
        await using var db = database.Open();
        Assert.Equal(1, await db.Engagements.CountAsync());
    }

    [Fact]
    public async Task Namesakes_too_close_to_the_coordinates_to_choose_between_are_ambiguous()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        await using var db = database.Open();
        var communes = await FrenchCommunes.LoadAsync(db);
        // Saint-Raphaël (Var) 83118 and Saint-Raphaël (Dordogne) 24495: a point between them, and no point at all.
        var between = communes.Match(new DirectoryCity("Saint-Raphaël", "France", new CityDiplomacy.Places.GeoPoint(44.3, 3.5)));
        var without = communes.Match(new DirectoryCity("Saint-Raphaël", "France", null));

        Assert.Null(between.Commune);
        Assert.Equal(UnmatchedReasons.TooFar, between.Reason);
        Assert.Null(without.Commune);
        Assert.Equal(UnmatchedReasons.Ambiguous, without.Reason);
        Assert.Equal(2, without.Candidates.Count);
        Assert.Contains(without.Candidates, c => c.Code == "83118");
        // A former commune leads to the commune it now belongs to; the INSEE code, when given, wins over the name.
        Assert.NotNull(communes.Match(new DirectoryCity("Hesdin", "France", null)).Commune);
        Assert.Equal(SaintJeanDeBraye, communes.Match(new DirectoryCity("Ville au nom inconnu", "France", null, InseeCode: SaintJeanDeBraye)).Commune?.Code);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_first_rows_of_the_Wikidata_sample_import_with_their_French_commune(string provider)
    {
        var lines = File.ReadAllLines(SharedFile("wikidata_p190_france_2017_sample.tsv"));
        var path = Write(string.Join("\n", lines.Take(41)) + "\n", ".tsv");
        await using var database = await TestDatabase.SharedAsync(provider);

        var report = await ImportAsync(database, TwinningDirectory.Read(path, DirectoryFormat.WikidataTsv));

        Assert.Equal(40, report.PairsRead);
        Assert.Equal(0, report.SkippedNotFrench);
        Assert.True(report.FrenchCommunesMatched >= 36, $"{report.FrenchCommunesMatched} communes trouvées sur 40");
        Assert.True(report.TwinningsCreated >= 32, $"{report.TwinningsCreated} jumelages créés sur 40");
        Assert.Equal(report.PartnersResolved + report.PartnersFromSourceCoordinates, report.TwinningsCreated + report.DuplicatesMerged);
        var coueron = Assert.Single(await TwinningsAsync(database, "44047"), t => t.Partners[0].Name == "Wexford");
        Assert.Equal("IE", coueron.Partners[0].CountryCode);
        Assert.Equal("Wikidata P190 (CC0 1.0) : " + Path.GetFileName(path), coueron.SourceName);
        Assert.Equal("ligne 3", coueron.SourceRecord);
    }

    [Theory]
    [InlineData(WikipediaHeader + "\nSaint-Jean-de-Braye,France,47.9128,1.9719,Pfullendorf,Germany,47.9242,9.2567\nOrléans,France,quarante-sept,1.9,Kraków,Poland,50.06,19.94\n",
        DirectoryFormat.WikipediaCsv, "ligne 3, champ « lat1 »")]
    [InlineData(WikipediaHeader + "\nSaint-Jean-de-Braye,France,47.9128,1.9719,Pfullendorf,Germany,147.9242,9.2567\n",
        DirectoryFormat.WikipediaCsv, "ligne 2, champ « lat2 »")]
    [InlineData("city1,country1,lat1,lng1,country2,lat2,lng2\nSaint-Jean-de-Braye,France,47.9128,1.9719,Germany,47.9242,9.2567\n",
        DirectoryFormat.WikipediaCsv, "ligne 1 : l'en-tête n'a pas de colonne « city2 »")]
    [InlineData("origincityLabel\torigincountry\toriginlat\toriginlong\tsistercityLabel\n\tFrance\t47.9\t1.97\tTuchów\n",
        DirectoryFormat.WikidataTsv, "ligne 2, champ « origincityLabel »")]
    [InlineData("{\"head\":{\"vars\":[\"origincityLabel\",\"sistercityLabel\"]},\"results\":{\"bindings\":[{\"origincityLabel\":{\"type\":\"literal\",\"value\":\"Orléans\"},\"sistercityLabel\":{\"type\":\"literal\"}}]}}",
        DirectoryFormat.WikidataJson, "résultat 1, champ « sistercityLabel »")]
    [InlineData("{\"head\":{\"vars\":[]},\"results\":{\"bindings\":[}",
        DirectoryFormat.WikidataJson, "ligne 1 : JSON invalide")]
    public async Task A_malformed_directory_is_refused_naming_file_line_and_field_and_nothing_is_written(string text,
        DirectoryFormat format, string expected)
    {
        var path = Write(text, format == DirectoryFormat.WikidataJson ? ".json" : ".csv");
        await using var database = await TestDatabase.SharedAsync("sqlite");

        var (code, _, error) = await CliAsync("import", "twinnings", "--format", Slug(format), "--file", path,
            "--database", "sqlite", "--connection-string", database.ConnectionString);

        Assert.Equal(1, code);
        Assert.Contains(path, error);
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n')); // one line, no stack trace
        await using var db = database.Open();
        Assert.Equal(0, await db.Engagements.CountAsync());
    }

    [Fact]
    public async Task The_verb_prints_a_summary_and_writes_the_report()
    {
        var slice = WikipediaSlice("Saint-Jean-de-Braye");
        var reportPath = Path.Combine(_folder, "rapport.json");
        await using var database = await TestDatabase.SharedAsync("sqlite");

        var (code, output, error) = await CliAsync("import", "twinnings", "--format", "wikipedia-csv", "--file", slice,
            "--report", reportPath, "--database", "sqlite", "--connection-string", database.ConnectionString);

        Assert.True(code == 0, error);
        Assert.Contains("4 paires lues", output);
        Assert.Contains("Jumelages créés : 3 ; doublons fusionnés : 1", output);
        var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(reportPath)).RootElement;
        Assert.Equal(4, json.GetProperty("pairsRead").GetInt32());
        Assert.Equal(3, json.GetProperty("twinningsCreated").GetInt32());
        Assert.Equal(1, json.GetProperty("duplicatesMerged").GetInt32());
        Assert.Equal("CC BY-SA 4.0", json.GetProperty("licence").GetString());
    }

    [Fact]
    public async Task The_town_hall_import_records_its_file_and_line_as_provenance()
    {
        var path = Write("Ville partenaire;Pays;Type\nPfullendorf;Allemagne;jumelage\n");
        await using var database = await TestDatabase.SharedAsync("sqlite");
        await using (var db = database.Open())
            await new EngagementImport(db, fixture.Resolver).RunAsync(SaintJeanDeBraye, TownHallCsv.Read(path), new ImportOptions());

        var twinning = Assert.Single(await TwinningsAsync(database));
        Assert.Equal("export mairie : " + Path.GetFileName(path), twinning.SourceName);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path))), twinning.SourceVersion);
        Assert.Equal("ligne 2", twinning.SourceRecord);
        Assert.Single(twinning.Sources);
    }

    private static string Slug(DirectoryFormat format) => format switch
    {
        DirectoryFormat.WikidataTsv => "wikidata-tsv",
        DirectoryFormat.WikidataJson => "wikidata-json",
        _ => "wikipedia-csv",
    };

    internal static async Task<(int Code, string Output, string Error)> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CityDiplomacy.Cli.Verbs.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// What the Wikidata endpoint answers to the P190 query (SPARQL 1.1 JSON results), cut to four bindings:
    /// Saint-Jean-de-Braye with Tuchów and Pfullendorf, Orléans with Kraków, and a region as the French side.
    /// </summary>
    internal const string WikidataJsonFixture = """
        {
          "head": { "vars": ["origincity", "origincityLabel", "origininsee", "origincountryLabel", "originlat", "originlong",
                             "originpopulation", "sistercity", "sistercityLabel", "destinationlat", "destinationlong",
                             "destinationpopulation", "destination_countryLabel"] },
          "results": { "bindings": [
            { "origincity": { "type": "uri", "value": "http://www.wikidata.org/entity/Q208858" },
              "origincityLabel": { "xml:lang": "fr", "type": "literal", "value": "Saint-Jean-de-Braye" },
              "origininsee": { "type": "literal", "value": "45284" },
              "origincountryLabel": { "xml:lang": "fr", "type": "literal", "value": "France" },
              "originlat": { "datatype": "http://www.w3.org/2001/XMLSchema#double", "type": "literal", "value": "47.9128" },
              "originlong": { "datatype": "http://www.w3.org/2001/XMLSchema#double", "type": "literal", "value": "1.9719" },
              "originpopulation": { "datatype": "http://www.w3.org/2001/XMLSchema#decimal", "type": "literal", "value": "21088" },
              "sistercity": { "type": "uri", "value": "http://www.wikidata.org/entity/Q1009371" },
              "sistercityLabel": { "xml:lang": "fr", "type": "literal", "value": "Tuchów" },
              "destinationlat": { "datatype": "http://www.w3.org/2001/XMLSchema#double", "type": "literal", "value": "49.895" },
              "destinationlong": { "datatype": "http://www.w3.org/2001/XMLSchema#double", "type": "literal", "value": "21.054" },
              "destination_countryLabel": { "xml:lang": "fr", "type": "literal", "value": "Pologne" } },
            { "origincity": { "type": "uri", "value": "http://www.wikidata.org/entity/Q208858" },
              "origincityLabel": { "xml:lang": "fr", "type": "literal", "value": "Saint-Jean-de-Braye" },
              "origininsee": { "type": "literal", "value": "45284" },
              "origincountryLabel": { "xml:lang": "fr", "type": "literal", "value": "France" },
              "originlat": { "datatype": "http://www.w3.org/2001/XMLSchema#double", "type": "literal", "value": "47.9128" },
              "originlong": { "datatype": "http://www.w3.org/2001/XMLSchema#double", "type": "literal", "value": "1.9719" },
              "sistercity": { "type": "uri", "value": "http://www.wikidata.org/entity/Q506722" },
              "sistercityLabel": { "xml:lang": "fr", "type": "literal", "value": "Pfullendorf" },
              "destinationlat": { "datatype": "http://www.w3.org/2001/XMLSchema#double", "type": "literal", "value": "47.9242" },
              "destinationlong": { "datatype": "http://www.w3.org/2001/XMLSchema#double", "type": "literal", "value": "9.2567" },
              "destination_countryLabel": { "xml:lang": "fr", "type": "literal", "value": "Allemagne" } },
            { "origincity": { "type": "uri", "value": "http://www.wikidata.org/entity/Q6548" },
              "origincityLabel": { "xml:lang": "fr", "type": "literal", "value": "Orléans" },
              "origininsee": { "type": "literal", "value": "45234" },
              "origincountryLabel": { "xml:lang": "fr", "type": "literal", "value": "France" },
              "originlat": { "datatype": "http://www.w3.org/2001/XMLSchema#double", "type": "literal", "value": "47.9025" },
              "originlong": { "datatype": "http://www.w3.org/2001/XMLSchema#double", "type": "literal", "value": "1.909" },
              "sistercity": { "type": "uri", "value": "http://www.wikidata.org/entity/Q31487" },
              "sistercityLabel": { "xml:lang": "fr", "type": "literal", "value": "Cracovie" },
              "destinationlat": { "datatype": "http://www.w3.org/2001/XMLSchema#double", "type": "literal", "value": "50.0614" },
              "destinationlong": { "datatype": "http://www.w3.org/2001/XMLSchema#double", "type": "literal", "value": "19.9372" },
              "destination_countryLabel": { "xml:lang": "fr", "type": "literal", "value": "Pologne" } },
            { "origincity": { "type": "uri", "value": "http://www.wikidata.org/entity/Q12130" },
              "origincityLabel": { "xml:lang": "fr", "type": "literal", "value": "Bretagne" },
              "origincountryLabel": { "xml:lang": "fr", "type": "literal", "value": "France" },
              "sistercity": { "type": "uri", "value": "http://www.wikidata.org/entity/Q25" },
              "sistercityLabel": { "xml:lang": "fr", "type": "literal", "value": "Pays de Galles" },
              "destination_countryLabel": { "xml:lang": "fr", "type": "literal", "value": "Royaume-Uni" } }
          ] }
        }
        """;
}
