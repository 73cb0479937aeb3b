using System.Security.Claims;
using CityDiplomacy.Accounts;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CityDiplomacy.Tests.Accounts;

/// <summary>The per-commune rights every write and internal read asks, for each role on its own and another commune.</summary>
public sealed class CommuneAccessTests
{
    private const string Own = "45284";   // Saint-Jean-de-Braye
    private const string Other = "60463"; // Nogent-sur-Oise

    public static TheoryData<string, string?, string, bool, bool> Matrix()
    {
        var cases = new (string? Role, string Commune, bool CanEdit, bool CanReadInternal)[]
        {
            (Roles.Administrator, Own, true, true),
            (Roles.Administrator, Other, true, true),
            (Roles.Officer, Own, true, true),
            (Roles.Officer, Other, false, false),
            (Roles.Viewer, Own, false, true),
            (Roles.Viewer, Other, false, false),
            (null, Own, false, false),
        };
        var data = new TheoryData<string, string?, string, bool, bool>();
        foreach (var provider in TestDatabase.Providers)
            foreach (var (role, commune, canEdit, canRead) in cases)
                data.Add(provider.Data, role, commune, canEdit, canRead);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_edits_and_reads_internal_items_only_where_it_may(
        string provider, string? role, string commune, bool canEdit, bool canReadInternal)
    {
        await using var app = await TestApp.SharedAsync(provider);
        // Administrators are given a commune too: their rights must not depend on it.
        var userId = role is null ? null : await app.CreateUserAsync($"{role}@example.org", role, Own);

        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            User = userId is null
                ? new ClaimsPrincipal(new ClaimsIdentity())
                : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test")),
        };
        var access = scope.ServiceProvider.GetRequiredService<CommuneAccess>();

        Assert.Equal(canEdit, await access.CanEditAsync(commune));
        Assert.Equal(canReadInternal, await access.CanReadInternalAsync(commune));
        Assert.Equal(role is not null, access.IsAuthenticated);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_withdrawn_assignment_takes_effect_without_signing_in_again(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var userId = await app.CreateUserAsync("agent@example.org", Roles.Officer, Own);
        await using (var db = app.OpenDb())
        {
            db.CommuneAssignments.Remove(db.CommuneAssignments.Single(a => a.UserId == userId));
            await db.SaveChangesAsync();
        }

        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            // The claims still say officer: the answer comes from the database.
            User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Role, Roles.Officer)], "test")),
        };
        var access = scope.ServiceProvider.GetRequiredService<CommuneAccess>();

        Assert.False(await access.CanEditAsync(Own));
    }
}
