using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CityDiplomacy.Tests.Engagements;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Portal;

public sealed class NationalExportFilesTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_national_export_is_written_once_per_data_version_and_revalidated_by_its_etag(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var client = app.Client();

        var first = await client.GetAsync("/api/engagements.csv");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.True(etag.IsWeak);
        Assert.NotNull(first.Content.Headers.LastModified);
        Assert.Equal("attachment", first.Content.Headers.ContentDisposition?.DispositionType);
        var before = await first.Content.ReadAsByteArrayAsync();

        var again = await client.GetAsync("/api/engagements.csv");
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Equal(before, await again.Content.ReadAsByteArrayAsync());

        using var revalidation = new HttpRequestMessage(HttpMethod.Get, "/api/engagements.csv");
        revalidation.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(revalidation);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        // The other separator is another file.
        var comma = await client.GetAsync("/api/engagements.csv?sep=comma");
        Assert.NotEqual(etag, comma.Headers.ETag);

        // A write anywhere is a new version: a new ETag and the new row.
        using var officer = await app.OfficerAsync();
        await officer.CreateAsync("twinnings", RegisterApi.IssueTwinning(new { geonameId = RegisterApi.KrakowGeonameId }));
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/api/engagements.csv");
        stale.Headers.IfNoneMatch.Add(etag);
        var changed = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        var after = Encoding.UTF8.GetString(await changed.Content.ReadAsByteArrayAsync());
        Assert.Contains("DCM-1965-014", after);
        Assert.DoesNotContain("DCM-1965-014", Encoding.UTF8.GetString(before));
    }

    [Fact]
    public async Task A_range_of_a_national_export_is_served_from_its_file()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();
        var whole = await (await client.GetAsync("/api/engagements.csv")).Content.ReadAsByteArrayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/engagements.csv");
        request.Headers.Range = new RangeHeaderValue(0, 9);
        var part = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(whole[..10], await part.Content.ReadAsByteArrayAsync());
    }
}
