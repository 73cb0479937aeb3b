using System.Net;
using CityDiplomacy.Cli;
using CityDiplomacy.Data;
using CityDiplomacy.Demo;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityDiplomacy.Tests.Instances;

/// <summary>Several instances on one database: the start-up work is done once, under one lock, and readiness waits for it.</summary>
public sealed class ConcurrentStartTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_instances_started_together_on_an_empty_database_both_become_ready_and_write_each_row_once(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, withReference: false);
        await using var first = new Instance(database, ("Demo:Enabled", "true"));
        await using var second = new Instance(database, ("Demo:Enabled", "true"));

        await Task.WhenAll(Task.Run(first.Start), Task.Run(second.Start));

        Assert.True(await first.ReadyAsync(), first.State.Failure);
        Assert.True(await second.ReadyAsync(), second.State.Failure);
        foreach (var instance in new[] { first, second })
        {
            using var client = instance.Client();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        }
        await using var db = database.Open();
        var shipped = CatalogueSeeder.ReadNetworks(CatalogueSeeder.OpenShipped(CatalogueSeeder.NetworksFile), CatalogueSeeder.NetworksFile);
        Assert.Equal(shipped.Count, await db.CityNetworks.CountAsync());
        var days = CatalogueSeeder.ReadWorldDays(CatalogueSeeder.OpenShipped(CatalogueSeeder.WorldDaysFile), CatalogueSeeder.WorldDaysFile);
        Assert.Equal(days.Count, await db.WorldDays.CountAsync());
        Assert.Equal(7, await db.Engagements.WhereDemo().CountAsync());
        Assert.Equal((await db.ReferenceDatasets.SingleAsync(d => d.Name == "communes")).Rows, await db.Communes.CountAsync());
        Assert.Equal(await db.Roles.Select(r => r.Name).Distinct().CountAsync(), await db.Roles.CountAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Readiness_answers_503_while_another_instance_holds_the_start_up_lock(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var instance = new Instance(database, ("Startup:RequestWaitSeconds", "0"));
        Task<bool> ready;
        await using (var db = database.Open())
        await using (await StartupLock.AcquireAsync(db, NullLogger.Instance, TestContext.Current.CancellationToken))
        {
            instance.Start();
            ready = instance.ReadyAsync();
            using var client = instance.Client();

            var readiness = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
            var api = await client.GetAsync("/api/countries/FR");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(api.Headers.RetryAfter);
            var page = await client.GetAsync("/");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("Service momentanément indisponible", await page.Content.ReadAsStringAsync());
            Assert.False(ready.IsCompleted);
        }

        Assert.True(await ready, instance.State.Failure);
        using var after = instance.Client();
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/api/countries/FR")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Serve_no_migrate_refuses_a_database_that_is_not_up_to_date_and_migrate_brings_it_up_to_date(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, withReference: false);
        string[] options = ["--database", database.ProviderName, "--connection-string", database.ConnectionString];
        var output = new StringWriter();
        var error = new StringWriter();

        var refused = await Verbs.RunAsync(["serve", "--no-migrate", "--no-demo", "--urls", "http://127.0.0.1:0", .. options], output, error);

        Assert.Equal(1, refused);
        Assert.Contains("n'est pas à jour", error.ToString());
        Assert.Contains("CityDiplomacy migrate", error.ToString());

        var migrated = await Verbs.RunAsync(["migrate", "--no-demo", "--no-directory", .. options], output, error);

        Assert.Equal(0, migrated);
        Assert.Contains("Base de données à jour", output.ToString());
        await using var db = database.Open();
        Assert.Null(await StartupWork.CheckUpToDateAsync(db, ReferenceSource.Embedded, TestContext.Current.CancellationToken));
        Assert.True(await db.CityNetworks.AnyAsync());
        Assert.False(await db.Engagements.AnyAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrate_run_again_finds_nothing_to_do(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        string[] options = ["--database", database.ProviderName, "--connection-string", database.ConnectionString, "--no-demo"];
        var output = new StringWriter();

        Assert.Equal(0, await Verbs.RunAsync(["migrate", .. options], output, TextWriter.Null));
        var networks = await CountNetworksAsync(database);
        Assert.Equal(0, await Verbs.RunAsync(["migrate", .. options], output, TextWriter.Null));

        Assert.Equal(networks, await CountNetworksAsync(database));
        Assert.DoesNotContain("Chargement des données de référence", output.ToString());
    }

    private static async Task<int> CountNetworksAsync(TestDatabase database)
    {
        await using var db = database.Open();
        return await db.CityNetworks.CountAsync();
    }
}
