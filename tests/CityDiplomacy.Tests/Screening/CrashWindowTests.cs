using System.Text;
using CityDiplomacy.Cli;
using CityDiplomacy.Screening;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Screening;

/// <summary>
/// No crash window between a write and its screening: a process killed after the import's commit and before its
/// screening leaves a durable mark, and the rerun (or the next start) screens it, giving the flags of a clean run.
/// </summary>
public sealed class CrashWindowTests : IDisposable
{
    private const string SaintJeanDeBraye = "45284";

    // Active twinnings without a deliberation: each is flagged (deliberation missing) with no evidence file needed.
    private const string Register =
        "Commune partenaire;Pays;Date de signature;Statut;Type\r\n" +
        "Cracovie;Pologne;2001-09-30;Actif;Jumelage\r\n" +
        "Gand;Belgique;1998-05-12;Actif;Jumelage\r\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("citydiplomacy-crash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_town_hall_import_killed_before_its_screening_is_screened_by_the_rerun(string provider)
    {
        var file = Path.Combine(_folder, "registre.csv");
        await File.WriteAllTextAsync(file, Register, new UTF8Encoding(false), TestContext.Current.CancellationToken);
        await using var clean = await TestDatabase.SharedAsync(provider);
        await using var crashed = await TestDatabase.SharedAsync(provider);

        Assert.Equal(0, (await ImportAsync(clean, file)).Code);
        var expected = await FlagsAsync(clean);

        var killed = await ImportAsync(crashed, file, crash: true);
        Assert.NotEqual(0, killed.Code);
        await using (var db = crashed.Open())
        {
            Assert.Equal(2, await db.Engagements.CountAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, await db.ScreeningFlags.CountAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, await db.ScreeningRuns.CountAsync(TestContext.Current.CancellationToken));
            Assert.NotEqual(0, await db.PendingScreenings.CountAsync(TestContext.Current.CancellationToken));
        }

        var rerun = await ImportAsync(crashed, file);
        Assert.Equal(0, rerun.Code);
        Assert.Contains("2 inchangées", rerun.Output);
        Assert.Equal(expected, await FlagsAsync(crashed));
        await using (var db = crashed.Open())
        {
            Assert.Equal(0, await db.PendingScreenings.CountAsync(TestContext.Current.CancellationToken));
            // The rerun screened the two engagements the killed import wrote.
            Assert.Equal(2, (await db.ScreeningRuns.ToListAsync(TestContext.Current.CancellationToken)).Sum(r => r.EngagementsScreened));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_killed_import_is_screened_by_the_next_screen_run(string provider)
    {
        var file = Path.Combine(_folder, "registre.csv");
        await File.WriteAllTextAsync(file, Register, new UTF8Encoding(false), TestContext.Current.CancellationToken);
        await using var clean = await TestDatabase.SharedAsync(provider);
        await using var crashed = await TestDatabase.SharedAsync(provider);
        Assert.Equal(0, (await ImportAsync(clean, file)).Code);

        Assert.NotEqual(0, (await ImportAsync(crashed, file, crash: true)).Code);
        var (code, _, error) = await RunAsync(crashed, "screen", "--commune", SaintJeanDeBraye);

        Assert.True(code == 0, error);
        Assert.Equal(await FlagsAsync(clean), await FlagsAsync(crashed));
    }

    private async Task<(int Code, string Output, string Error)> ImportAsync(TestDatabase database, string file, bool crash = false)
    {
        ScreeningDispatcher.BeforeDispatch.Value = crash ? () => throw new InvalidOperationException("processus interrompu (test)") : null;
        try
        {
            return await RunAsync(database, "import", "engagements", "--commune", SaintJeanDeBraye, "--file", file);
        }
        finally
        {
            ScreeningDispatcher.BeforeDispatch.Value = null;
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(TestDatabase database, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Verbs.RunAsync([.. args, "--database", database.ProviderName, "--connection-string", database.ConnectionString],
            output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The open flags, comparable across databases: by engagement title, rule and subject.</summary>
    private static async Task<List<string>> FlagsAsync(TestDatabase database)
    {
        await using var db = database.Open();
        var titles = await db.Engagements.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.Title, TestContext.Current.CancellationToken);
        var flags = await db.ScreeningFlags.AsNoTracking().Where(f => f.ResolvedAt == null).ToListAsync(TestContext.Current.CancellationToken);
        return flags.Select(f => $"{titles[f.EngagementId]} · {f.RuleId} · {f.SubjectKey} · {f.Severity}").Order(StringComparer.Ordinal).ToList();
    }
}
