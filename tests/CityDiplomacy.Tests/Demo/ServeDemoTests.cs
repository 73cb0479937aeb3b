using CityDiplomacy.Engagements;
using CityDiplomacy.Cli;
using CityDiplomacy.Demo;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CityDiplomacy.Data;

namespace CityDiplomacy.Tests.Demo;

/// <summary>The demo as the command line gives it: « serve » loads it, « serve --no-demo » and other verbs do not.</summary>
public sealed class ServeDemoTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Serve_loads_the_demo_on_a_database_without_engagements(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        await ServeOnceAsync(database);

        await using var db = database.Open();
        Assert.Equal(7, await db.Engagements.WhereDemo().CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Serve_started_again_keeps_the_register_as_it_is(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        await ServeOnceAsync(database);
        await ServeOnceAsync(database);

        await using var db = database.Open();
        Assert.Equal(7, await db.Engagements.CountAsync());
        Assert.Equal(7, await db.AuditEntries.CountAsync(a => a.Actor == DemoData.Actor && a.EntityType == nameof(Engagement)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Serve_with_no_demo_starts_on_an_empty_register(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        await ServeOnceAsync(database, "--no-demo");

        await using var db = database.Open();
        Assert.False(await db.Engagements.AnyAsync());
        Assert.True(await db.CityNetworks.AnyAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_Demo_Enabled_setting_turns_the_demo_off_too(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);

        await ServeOnceAsync(database, "--Demo:Enabled=false");

        await using var db = database.Open();
        Assert.False(await db.Engagements.AnyAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Reference_load_never_loads_the_demo(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, withReference: false);
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await Verbs.RunAsync(
            ["reference", "load", "--database", database.ProviderName, "--connection-string", database.ConnectionString], output, error);

        Assert.True(code == 0, error.ToString());
        await using var db = database.Open();
        Assert.True(await db.Places.AnyAsync(p => p.GeonameId == 756634));
        Assert.False(await db.Engagements.AnyAsync());
    }

    [Fact]
    public void Serve_accepts_no_demo_and_turns_it_into_the_Demo_Enabled_setting()
    {
        var invocation = Parse("serve", "--no-demo", "--urls", "http://127.0.0.1:0");

        Assert.Equal("serve", invocation.Verb.Name);
        Assert.True(invocation.Flag("--no-demo"));
        Assert.Contains(new KeyValuePair<string, string?>(DemoData.EnabledSetting, "false"), ServeVerb.Overrides(invocation));
        Assert.DoesNotContain(ServeVerb.Overrides(Parse("serve")), o => o.Key == DemoData.EnabledSetting);
    }

    [Theory]
    [InlineData("reference", "load", "--no-demo")]
    [InlineData("reference", "status", "--no-demo")]
    public async Task Only_serve_knows_no_demo(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(2, await Verbs.RunAsync(args, output, error));
        Assert.Contains("--no-demo", error.ToString());
    }

    [Fact]
    public async Task Serve_help_lists_no_demo()
    {
        var output = new StringWriter();

        Assert.Equal(0, await Verbs.RunAsync(["serve", "--help"], output, TextWriter.Null));
        Assert.Contains("--no-demo", output.ToString());
    }

    private static CliInvocation Parse(params string[] args)
    {
        var (verb, values) = CommandLine.Parse(Verbs.All, Verbs.DefaultVerb, args);
        return new CliInvocation(verb!, values, TextWriter.Null, TextWriter.Null);
    }

    /// <summary>
    /// What « serve » does, up to listening on a free port, then stops: the settings beside the executable apply, but
    /// the national directory stays out (its own tests, in Imports/DirectoryLoadTests, load it).
    /// </summary>
    private static async Task ServeOnceAsync(TestDatabase database, params string[] options)
    {
        var invocation = Parse(["serve", "--urls", "http://127.0.0.1:0", "--database", database.ProviderName,
            "--connection-string", database.ConnectionString, "--no-directory", .. options]);
        await using var app = WebApp.Build([.. invocation.Values(CliInvocation.ConfigurationArguments)], ServeVerb.Overrides(invocation));
        await app.StartAsync();
        // The start-up work runs once the server listens: wait for it as readiness would.
        Assert.True(await app.Services.GetRequiredService<StartupState>().Completion);
        await app.StopAsync();
    }
}
