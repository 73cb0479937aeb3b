using CityDiplomacy.Accounts;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CityDiplomacy.Tests.Infrastructure;

/// <summary>A shared host, once reset, is what a newly started one is: nothing a test wrote is left, in the database or in the host.</summary>
public sealed class SharedHostsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_reset_puts_the_database_back_as_after_start_up_and_empties_the_caches(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var started = await CountsAsync(app);
        Assert.NotEqual(0, started.Roles);
        Assert.NotEqual(0, started.Networks);

        await app.CreateUserAsync("remise@exemple.fr", Roles.Officer, "45284");
        await app.CreateTokenAsync("remise@exemple.fr");
        long firstToken;
        await using (var db = app.OpenDb())
        {
            firstToken = await db.ApiTokens.Select(t => t.Id).SingleAsync();
            await db.CityNetworks.ExecuteDeleteAsync();
        }
        var output = app.Services.GetRequiredService<IOutputCacheStore>();
        await output.SetAsync("remise", [1, 2, 3], null, TimeSpan.FromMinutes(5), CancellationToken.None);
        var throttle = app.Services.GetRequiredService<SignInThrottle>();
        for (var i = 0; i < 10; i++) throttle.Failed("192.0.2.1", "remise@exemple.fr");
        Assert.NotNull(throttle.Wait("192.0.2.1", "remise@exemple.fr"));
        Assert.NotEqual(started, await CountsAsync(app));

        Assert.True(await app.TryResetAsync());

        Assert.Equal(started, await CountsAsync(app));
        Assert.Null(await output.GetAsync("remise", CancellationToken.None));
        Assert.Null(throttle.Wait("192.0.2.1", "remise@exemple.fr"));
        // The sequences start again where they were: the same first id.
        await app.CreateUserAsync("remise@exemple.fr", Roles.Officer, "45284");
        await app.CreateTokenAsync("remise@exemple.fr");
        await using (var db = app.OpenDb())
            Assert.Equal(firstToken, await db.ApiTokens.Select(t => t.Id).SingleAsync());
    }

    [Fact]
    public async Task A_host_whose_reference_data_changed_is_not_reset_but_thrown_away()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await using (var db = app.OpenDb())
        {
            var first = await db.Places.MinAsync(p => p.GeonameId);
            Assert.Equal(1, await db.Places.Where(p => p.GeonameId == first).ExecuteDeleteAsync());
        }

        Assert.False(await app.TryResetAsync());
    }

    private sealed record Counts(int Users, int Tokens, int Roles, int Networks, int Audit, int Keys);

    private static async Task<Counts> CountsAsync(TestApp app)
    {
        await using var db = app.OpenDb();
        return new Counts(await db.Users.CountAsync(), await db.ApiTokens.CountAsync(), await db.Roles.CountAsync(),
            await db.CityNetworks.CountAsync(), await db.AuditEntries.CountAsync(), await db.DataProtectionKeys.CountAsync());
    }
}
