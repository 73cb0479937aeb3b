using System.Net;
using System.Net.Http.Headers;
using CityDiplomacy.Accounts;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Portal;

public sealed class PublicCachingTests
{
    private const string Orleans = "45284";

    public static TheoryData<string, string> ProvidersAndResources => new()
    {
        { "sqlite", "/api/communes/45284" },
        { "sqlite", "/api/communes/45284/engagements" },
        { "sqlite", "/communes/45284" },
        { "postgres", "/api/communes/45284" },
        { "postgres", "/api/communes/45284/engagements" },
        { "postgres", "/communes/45284" },
    };

    [Theory, MemberData(nameof(ProvidersAndResources))]
    public async Task A_public_read_carries_validators_and_answers_304_to_them(string provider, string url)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await AddTwinningAsync(app, "Jumelage avec Dundee", Visibility.Public);
        using var client = app.Client();

        var first = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.True(etag.IsWeak);
        var lastModified = first.Content.Headers.LastModified;
        Assert.NotNull(lastModified);
        Assert.Contains("no-cache", first.Headers.CacheControl!.ToString());

        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var byDate = new HttpRequestMessage(HttpMethod.Get, url);
        byDate.Headers.IfModifiedSince = lastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(byDate)).StatusCode);

        using var other = new HttpRequestMessage(HttpMethod.Get, url);
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\"", isWeak: true));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(other)).StatusCode);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_write_changes_the_etag_and_the_new_content_is_served_at_once(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var twinning = await AddTwinningAsync(app, "Jumelage avec Dundee", Visibility.Public);
        using var client = app.Client();
        foreach (var url in new[] { "/api/communes/45284/engagements", "/communes/45284" })
        {
            var before = await client.GetAsync(url);
            Assert.Contains("Dundee", await before.Content.ReadAsStringAsync());
            Assert.Equal(before.Headers.ETag, (await client.GetAsync(url)).Headers.ETag); // second read: same version, from the cache
        }
        var etags = new Dictionary<string, EntityTagHeaderValue?>();
        foreach (var url in new[] { "/api/communes/45284/engagements", "/communes/45284" })
            etags[url] = (await client.GetAsync(url)).Headers.ETag;

        // Written by another context than the app's (as a CLI import would be): no in-process notification.
        await using (var db = app.OpenDb())
        {
            var stored = await db.Engagements.FindAsync(twinning);
            stored!.Describe("Jumelage avec Cracovie", null, Visibility.Public, [], null, null);
            await db.SaveChangesAsync();
        }

        foreach (var (url, oldEtag) in etags)
        {
            using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
            conditional.Headers.IfNoneMatch.Add(oldEtag!);
            var after = await client.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            Assert.NotEqual(oldEtag, after.Headers.ETag);
            var body = await after.Content.ReadAsStringAsync();
            Assert.Contains("Jumelage avec Cracovie", body);
            Assert.DoesNotContain("Jumelage avec Dundee", body);
        }
    }

    [Fact]
    public async Task An_officer_sees_internal_items_and_the_public_never_gets_them_from_the_cache()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await AddTwinningAsync(app, "Jumelage avec Dundee", Visibility.Public);
        await AddTwinningAsync(app, "Jumelage confidentiel avec Tuchów", Visibility.Internal);
        await app.CreateUserAsync("agent@orleans.fr", Roles.Officer, Orleans);
        var token = await app.CreateTokenAsync("agent@orleans.fr");
        const string url = "/api/communes/45284/engagements";

        using var anonymous = app.Client();
        var publicFirst = await anonymous.GetAsync(url); // now in the output cache
        Assert.DoesNotContain("Tuchów", await publicFirst.Content.ReadAsStringAsync());

        using var officer = app.Client(token);
        var personal = await officer.GetAsync(url);
        Assert.Contains("Tuchów", await personal.Content.ReadAsStringAsync());
        Assert.Null(personal.Headers.ETag);
        Assert.Contains("private", personal.Headers.CacheControl!.ToString());
        Assert.True(personal.Headers.CacheControl.NoStore);

        var publicAfter = await anonymous.GetAsync(url);
        Assert.DoesNotContain("Tuchów", await publicAfter.Content.ReadAsStringAsync());
        Assert.Contains("Dundee", await publicAfter.Content.ReadAsStringAsync());
        Assert.Equal(publicFirst.Headers.ETag, publicAfter.Headers.ETag);

        // The officer's conditional request with the public ETag is not answered 304 from the public version.
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(publicFirst.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await officer.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task The_commune_page_varies_with_the_language_in_its_cache_and_its_etag()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        await AddTwinningAsync(app, "Jumelage avec Dundee", Visibility.Public);
        using var client = app.Client();

        var french = await client.GetAsync("/communes/45284");
        var english = await client.GetAsync("/communes/45284?culture=en");
        var frenchAgain = await client.GetAsync("/communes/45284");

        Assert.Contains("<html lang=\"fr\"", await french.Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"en\"", await english.Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"fr\"", await frenchAgain.Content.ReadAsStringAsync());
        Assert.NotEqual(french.Headers.ETag, english.Headers.ETag);
        Assert.Equal(french.Headers.ETag, frenchAgain.Headers.ETag);
        Assert.Contains("Cookie", english.Headers.Vary);

        using var englishWithFrenchTag = new HttpRequestMessage(HttpMethod.Get, "/communes/45284");
        englishWithFrenchTag.Headers.IfNoneMatch.Add(french.Headers.ETag!);
        englishWithFrenchTag.Headers.Add("Cookie", ".AspNetCore.Culture=c%3Den%7Cuic%3Den");
        var response = await client.SendAsync(englishWithFrenchTag);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"en\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_commune_is_a_404_without_validators()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();
        var response = await client.GetAsync("/api/communes/99999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.ETag);
    }

    internal static async Task<Guid> AddTwinningAsync(TestApp app, string title, Visibility visibility)
    {
        await using var db = app.OpenDb();
        var twinning = new Twinning(Orleans, title);
        twinning.Describe(title, null, visibility, [], null, null);
        var partner = title.Contains("Tuchów") ? ("Tuchów", 756634, "PL") : ("Dundee", 2650752, "GB");
        twinning.ReplacePartners([new EngagementPartner { Kind = PartnerKind.Place, GeonameId = partner.Item2, Name = partner.Item1, CountryCode = partner.Item3 }]);
        twinning.Start(EngagementStatus.Proposed, null);
        db.Engagements.Add(twinning);
        await db.SaveChangesAsync();
        return twinning.Id;
    }
}
