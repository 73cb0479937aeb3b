using System.Net;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Portal;

/// <summary>The public validators derive from public data only: an internal edit cannot be timed from outside.</summary>
public sealed class PublicETagTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_internal_change_leaves_the_public_etag_and_last_modified_as_they_were(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var twinning = await PublicCachingTests.AddTwinningAsync(app, "Jumelage avec Dundee", Visibility.Public);
        using var client = app.Client();
        // Not the national files: their bytes carry each row's revision instant (mis_a_jour), which internal edits move too.
        var urls = new[] { "/api/communes/45284", "/api/communes/45284/engagements", "/communes/45284" };
        var before = new Dictionary<string, (string? ETag, DateTimeOffset? LastModified)>();
        foreach (var url in urls)
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            before[url] = (response.Headers.ETag?.ToString(), response.Content.Headers.LastModified);
        }

        // Internal only: the notes and the officer in charge of a public engagement, and a whole internal engagement.
        await using (var db = app.OpenDb())
        {
            var stored = await db.Engagements.FindAsync(twinning);
            stored!.SetNotes("Notes internes");
            stored.Describe(stored.Title, null, Visibility.Public, [], null, "Agent interne");
            await db.SaveChangesAsync();
        }
        await PublicCachingTests.AddTwinningAsync(app, "Jumelage avec Tuchów", Visibility.Internal);

        foreach (var url in urls)
        {
            var response = await client.GetAsync(url);
            Assert.True(before[url] == (response.Headers.ETag?.ToString(), response.Content.Headers.LastModified), $"{url}: {before[url]} then {response.Headers.ETag} {response.Content.Headers.LastModified}");
            Assert.DoesNotContain("Tuchów", await response.Content.ReadAsStringAsync());
            using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
            conditional.Headers.TryAddWithoutValidation("If-None-Match", before[url].ETag);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);
        }

        // A public change moves them.
        await using (var db = app.OpenDb())
        {
            var stored = await db.Engagements.FindAsync(twinning);
            stored!.Describe("Jumelage avec Dundee (Écosse)", null, Visibility.Public, [], null, "Agent interne");
            await db.SaveChangesAsync();
        }
        foreach (var url in urls)
            Assert.NotEqual(before[url].ETag, (await client.GetAsync(url)).Headers.ETag?.ToString());
    }
}
