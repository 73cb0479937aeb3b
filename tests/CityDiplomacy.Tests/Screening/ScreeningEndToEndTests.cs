using System.Text;
using System.Text.Json;
using CityDiplomacy.Cli;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Screening;

/// <summary>
/// The Tuchów and Kraśnik cases from end to end, through the verbs a volunteer runs: import the twinnings, import the
/// alerts, screen. The twinnings are facts the shared README confirms (Saint-Jean-de-Braye–Tuchów, Nogent-sur-Oise–
/// Kraśnik) written as a Wikidata P190 export, plus the sample's real Château-Salins–Kraśnik row (kept in the slice
/// of tests/data/twinning).
/// </summary>
public sealed class ScreeningEndToEndTests
{
    private const string Header =
        "origincityLabel\torigincountry\toriginlat\toriginlong\toriginpopulation\tsistercityLabel\tdestinationlat\tdestinationlong\tdestinationpopulation\tdestination_countryLabel\tdist\teu";

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Imported_twinnings_and_alerts_give_exactly_the_sourced_flags_with_repeal_dates(string provider)
    {
        var alerts = ScreeningEvidence.Shared("facts", "local_alerts_dev.csv");
        var sample = ScreeningEvidence.Shared("twinning", "wikidata_p190_france_2017_sample.tsv");
        var chateauSalins = File.ReadLines(sample).Single(l => l.StartsWith("Château-Salins\t", StringComparison.Ordinal) && l.Contains("Kraśnik"));
        var directory = Path.Combine(Directory.CreateTempSubdirectory("citydiplomacy-e2e-").FullName, "p190.tsv");
        await File.WriteAllLinesAsync(directory,
        [
            Header,
            "Saint-Jean-de-Braye\tFrance\t47.9128\t1.9719\t20000\tTuchów\t49.8946\t21.0540\t6600\tPoland\t1400\tEU",
            "Nogent-sur-Oise\tFrance\t49.2717\t2.4683\t20000\tKraśnik\t50.9242\t22.2207\t35000\tPoland\t1400\tEU",
            chateauSalins,
        ], new UTF8Encoding(false));
        await using var database = await TestDatabase.SharedAsync(provider);
        string[] db = ["--database", database.ProviderName, "--connection-string", database.ConnectionString];

        var (imported, importOutput, importError) = await CliAsync(["import", "twinnings", "--format", "wikidata-tsv", "--file", directory, .. db]);
        Assert.True(imported == 0, importError + importOutput);
        var (evidence, evidenceOutput, evidenceError) = await CliAsync(["evidence", "import", "--kind", "alerts", alerts, .. db]);
        Assert.True(evidence == 0, evidenceError + evidenceOutput);

        var flags = new List<JsonElement>();
        foreach (var commune in new[] { "45284", "60463", "57132" })
        {
            var (screened, json, screenError) = await CliAsync(["screen", "--commune", commune, "--format", "json", .. db]);
            Assert.True(screened == 0, screenError);
            flags.AddRange(JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.Clone()));
        }

        // A directory says the towns are twinned, nothing of the commune's paperwork: « signalé », no deliberation-missing.
        Assert.Equal(0, flags.Count(f => f.GetProperty("ruleId").GetString() == "deliberation-missing"));
        var local = flags.Where(f => f.GetProperty("ruleId").GetString() == "local-alert")
            .Select(f => (Commune: f.GetProperty("communeCode").GetString(), Partner: f.GetProperty("partnerGeonameId").GetInt32(),
                Severity: f.GetProperty("severity").GetString(), Adopted: f.GetProperty("alert").GetProperty("adoptedOn").GetString(),
                Repealed: f.GetProperty("alert").GetProperty("repealedOn").GetString(),
                Urls: f.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("url").GetString()).ToList()))
            .OrderBy(f => f.Commune).ThenBy(f => f.Adopted)
            .ToList();
        Assert.Equal(4, local.Count);
        Assert.Equal(local.Count, flags.Count); // nothing else: no indicator was imported, no State partner

        // Tuchów: its own resolution, in force (high), and the Małopolskie regional one, repealed (history, info).
        var tuchow = local.Where(f => f.Commune == "45284").ToList();
        Assert.Equal(2, tuchow.Count);
        Assert.Contains(tuchow, f => f.Severity == "high" && f.Adopted == "2019-05-29" && f.Repealed is null
            && f.Urls.Contains("https://fr.euronews.com/2020/02/24/suspension-du-jumelage-st-jean-de-braye-tuchow-incomprehension-des-deux-cotes"));
        Assert.Contains(tuchow, f => f.Severity == "info" && f.Repealed == "2021-09-27" && f.Urls.Single()!.StartsWith("https://jurist.org/", StringComparison.Ordinal));
        // Kraśnik (the town, 767623) for both communes twinned with it: repealed on 2021-04-29, so history at info.
        foreach (var commune in new[] { "57132", "60463" })
        {
            var krasnik = Assert.Single(local, f => f.Commune == commune);
            Assert.Equal(767623, krasnik.Partner);
            Assert.Equal(("info", "2019-05", "2021-04-29"), (krasnik.Severity, krasnik.Adopted, krasnik.Repealed));
            Assert.Contains("https://notesfrompoland.com/2021/04/29/polish-town-withdraws-anti-lgbt-resolution-over-concern-at-losing-norway-funds/", krasnik.Urls);
        }
        Assert.All(flags, f => Assert.Equal("new", f.GetProperty("state").GetString()));
    }

    private static async Task<(int Code, string Output, string Error)> CliAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Verbs.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
