using System.Text;
using System.Text.Json;
using CityDiplomacy.Campaigns;
using CityDiplomacy.Cli;
using CityDiplomacy.Data;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Campaigns;

/// <summary>Candidate lists from files: the Ministry of the Interior's candidatures file and the simple three-column file.</summary>
public sealed class CandidateListImportTests
{
    /// <summary>
    /// The real column layout of the Ministry's « municipales 2026 — candidatures, tour 1 » file (one line per candidate,
    /// « ; », quoted), with invented names: two lists in Annecy (74010), one in Lyon (69123), one line of an unknown commune.
    /// </summary>
    private const string Ministry =
        "\"Code département\";\"Département\";\"Code circonscription\";\"Circonscription\";\"Numéro de panneau\";\"Libellé abrégé de liste\";" +
        "\"Libellé de la liste\";\"Code nuance de liste\";\"Nuance de liste\";\"Tête de liste\";\"Ordre\";\"Sexe\";\"Nom sur le bulletin de vote\";" +
        "\"Prénom sur le bulletin de vote\";\"Nationalité\";\"Code personnalité\";\"CC\"\r\n" +
        "\"74\";\"Haute-Savoie\";\"74010\";\"Annecy\";\"1\";\"ANNECY\";\"Annecy pour tous\";\"LDIV\";\"Liste divers\";\"OUI\";\"1\";\"F\";\"EXEMPLE\";\"Élise\";\"Française\";\"\";\"O\"\r\n" +
        "\"74\";\"Haute-Savoie\";\"74010\";\"Annecy\";\"1\";\"ANNECY\";\"Annecy pour tous\";\"LDIV\";\"Liste divers\";\"\";\"2\";\"M\";\"SECOND\";\"Jean\";\"Française\";\"\";\"O\"\r\n" +
        "\"74\";\"Haute-Savoie\";\"74010\";\"Annecy\";\"2\";\"\";\"Annecy écologie et solidarités\";\"\";\"\";\"\";\"2\";\"M\";\"DEUXIÈME\";\"Luc\";\"Française\";\"\";\"N\"\r\n" +
        "\"74\";\"Haute-Savoie\";\"74010\";\"Annecy\";\"2\";\"\";\"Annecy écologie et solidarités\";\"\";\"\";\"\";\"1\";\"F\";\"PREMIÈRE\";\"Zoé\";\"Française\";\"\";\"O\"\r\n" +
        "\"69\";\"Rhône\";\"69123\";\"Lyon\";\"3\";\"LYON\";\"Lyon en commun\";\"LDVG\";\"Liste divers gauche\";\"OUI\";\"1\";\"M\";\"TÊTE\";\"Ali\";\"Française\";\"\";\"O\"\r\n" +
        "\"99\";\"Nulle part\";\"99999\";\"Atlantide\";\"1\";\"\";\"Liste fantôme\";\"\";\"\";\"OUI\";\"1\";\"M\";\"PERSONNE\";\"Nul\";\"Française\";\"\";\"O\"\r\n" +
        "\"74\";\"Haute-Savoie\";\"74010\";\"Annecy\";\"x\";\"\";\"Liste au panneau illisible\";\"\";\"\";\"OUI\";\"1\";\"M\";\"A\";\"B\";\"Française\";\"\";\"O\"\r\n";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_ministry_file_gives_one_list_per_panel_with_its_head_and_is_idempotent(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        var path = Path.Combine(Path.GetTempPath(), $"candidatures-{Guid.NewGuid():N}.csv");
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await File.WriteAllBytesAsync(path, Encoding.GetEncoding(1252).GetBytes(Ministry));
        try
        {
            var file = CandidateListImport.Read(path);
            Assert.Equal((CandidateListImport.MinistryFormat, "Windows-1252", 7), (file.Format, file.EncodingName, file.DataLines));
            Assert.Equal((8, "Numéro de panneau"), file.Errors.Select(e => (e.Line, e.Field)).Single());

            await using var db = database.Open();
            await CampaignTemplate.SeedAsync(db, DateTime.UtcNow);
            var campaign = await db.Campaigns.AsNoTracking().SingleAsync(c => c.Slug == CampaignTemplate.Slug);
            var report = await CandidateListImport.ImportAsync(db, campaign, file, dryRun: false, DateTime.UtcNow);
            Assert.Equal((3, 0, 0, true), (report.Created, report.Updated, report.Unchanged, report.Written));
            Assert.Equal([(7, "Code circonscription"), (8, "Numéro de panneau")], report.Errors.Select(e => (e.Line, e.Field)));

            var lists = await db.CandidateLists.AsNoTracking().OrderBy(l => l.CommuneCode).ThenBy(l => l.Panel).ToListAsync();
            Assert.Equal(
                [("69123", "Lyon en commun", "Ali TÊTE", 3), ("74010", "Annecy pour tous", "Élise EXEMPLE", 1),
                 ("74010", "Annecy écologie et solidarités", "Zoé PREMIÈRE", 2)],
                lists.Select(l => (l.CommuneCode, l.Name, l.HeadOfList, l.Panel!.Value)));
            Assert.All(lists, l => Assert.StartsWith(Path.GetFileName(path), l.Source));

            db.ChangeTracker.Clear();
            var again = await CandidateListImport.ImportAsync(db, campaign, CandidateListImport.Read(path), dryRun: false, DateTime.UtcNow);
            Assert.Equal((0, 0, 3, false), (again.Created, again.Updated, again.Unchanged, again.Written));
            Assert.Equal(3, await db.CandidateLists.CountAsync());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_simple_file_names_its_bad_lines_through_the_verb_and_a_dry_run_writes_nothing()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        var directory = Directory.CreateTempSubdirectory("citydiplomacy-lists-").FullName;
        try
        {
            var path = Path.Combine(directory, "listes.csv");
            await File.WriteAllTextAsync(path,
                "commune;liste;tete_de_liste;panneau\n" +
                "74010;Annecy pour tous;Élise Exemple;1\n" +
                "74010;Annecy pour tous;Élise Exemple;1\n" +
                "74010;Sans tête;;2\n" +
                "99999;Liste fantôme;Personne;1\n" +
                "74010;Panneau faux;Quelqu'un;deux\n" +
                "\n" +
                "45284;Saint-Jean ensemble;Marie Exemple;\n", new UTF8Encoding(true));
            var report = Path.Combine(directory, "report.json");
            string[] Args(params string[] extra) =>
                ["campaign", "import-lists", "--campaign", CampaignTemplate.Slug, "--file", path, "--database", "sqlite",
                 "--connection-string", database.ConnectionString, .. extra];

            var (code, output, _) = await RunAsync(Args("--dry-run"));
            Assert.Equal(0, code);
            Assert.Contains("rien n'a été enregistré", output);
            await using (var db = database.Open()) Assert.Equal(0, await db.CandidateLists.CountAsync());

            (code, output, _) = await RunAsync(Args("--report", report));
            Assert.Equal(0, code);
            Assert.Contains("ligne 4 refusée (tete_de_liste)", output);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            Assert.Equal(2, json.RootElement.GetProperty("created").GetInt32());
            Assert.Equal([(3, "liste"), (4, "tete_de_liste"), (5, "commune"), (6, "panneau")],
                json.RootElement.GetProperty("errors").EnumerateArray()
                    .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString()!)).ToList());
            await using (var db = database.Open())
                Assert.Equal(["Annecy pour tous", "Saint-Jean ensemble"], await db.CandidateLists.OrderBy(l => l.Name).Select(l => l.Name).ToListAsync());

            var missing = Path.Combine(directory, "autre.csv");
            await File.WriteAllTextAsync(missing, "ville;nom\nAnnecy;Liste\n");
            (code, _, var error) = await RunAsync(["campaign", "import-lists", "--campaign", CampaignTemplate.Slug, "--file", missing,
                "--database", "sqlite", "--connection-string", database.ConnectionString]);
            Assert.Equal(1, code);
            Assert.Contains("format non reconnu", error);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }


    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Verbs.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
