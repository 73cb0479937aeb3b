using CityDiplomacy.Cli;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Cli;

public sealed class VerbsTests
{
    [Fact]
    public async Task Help_lists_every_verb()
    {
        var (code, output, error) = await RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Empty(error);
        foreach (var verb in Verbs.All) Assert.Contains(verb.Name, output);
    }

    [Fact]
    public async Task Verb_help_lists_its_options()
    {
        var (code, output, _) = await RunAsync("reference", "load", "--help");

        Assert.Equal(0, code);
        Assert.Contains("--data-dir", output);
        Assert.Contains("--database", output);
        Assert.Contains("--connection-string", output);
        Assert.Contains("--from", output);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("reference", "unload")]
    [InlineData("reference")]
    [InlineData("reference", "load", "--bogus")]
    [InlineData("reference", "load", "--data-dir")]
    [InlineData("serve", "--bogus=1")]
    [InlineData("--data-dir", "x", "--data-dir", "y")]
    public async Task A_wrong_command_line_exits_non_zero_with_one_line(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("CityDiplomacy : ", error);
    }

    [Fact]
    public async Task Reference_load_fills_the_data_dir_once_then_reports_nothing_to_do()
    {
        var dataDir = Directory.CreateTempSubdirectory("citydiplomacy-cli-").FullName;
        try
        {
            var (before, _, _) = await RunAsync("reference", "status", "--data-dir", dataDir);
            var (first, firstOutput, firstError) = await RunAsync("reference", "load", "--data-dir", dataDir);
            var (second, secondOutput, _) = await RunAsync("reference", "load", "--data-dir", dataDir);
            var (after, statusOutput, _) = await RunAsync("reference", "status", "--data-dir", dataDir);

            Assert.Equal(3, before);
            Assert.True(first == 0, firstError);
            Assert.Contains("communes : chargé", firstOutput);
            Assert.Equal(0, second);
            Assert.Contains("rien n'a changé", secondOutput);
            Assert.Equal(0, after);
            Assert.Contains("à jour", statusOutput);
            Assert.True(File.Exists(Path.Combine(dataDir, "citydiplomacy.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task An_unknown_database_provider_is_refused_in_one_line()
    {
        var (code, _, error) = await RunAsync("reference", "status", "--database", "mysql");

        Assert.NotEqual(0, code);
        Assert.Contains("mysql", error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_is_refused_in_one_line()
    {
        var (code, _, error) = await RunAsync("reference", "status", "--database", "postgres");

        Assert.Equal(1, code);
        Assert.Contains("chaîne de connexion", error);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Verbs.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
