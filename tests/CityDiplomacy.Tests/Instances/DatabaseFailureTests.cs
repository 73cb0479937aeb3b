using System.Net;

namespace CityDiplomacy.Tests.Instances;

/// <summary>PostgreSQL stopped under requests, then started again: 503s with Retry-After, then recovery without a restart.</summary>
public sealed class DatabaseFailureTests
{
    private const string Api = "/api/communes/45284";
    private const string Page = "/communes/45284";

    [Fact]
    public async Task When_PostgreSQL_stops_requests_get_503s_and_when_it_is_back_the_instance_recovers()
    {
        await using var cluster = await PrivatePostgres.StartAsync();
        await using var instance = new Instance("postgres", cluster.ConnectionString("citydiplomacy"),
            ("PublicCache:RevalidateSeconds", "0"));
        instance.Start();
        Assert.True(await instance.ReadyAsync(), instance.State.Failure);
        using var client = instance.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Api)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Page)).StatusCode);

        await cluster.StopServerAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        var api = await client.GetAsync(Api);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(api.Headers.RetryAfter);
        var problem = await api.Content.ReadAsStringAsync();
        Assert.Contains("\"status\":503", problem);
        Assert.DoesNotContain("   at ", problem);
        Assert.DoesNotContain("Npgsql", problem);
        var page = await client.GetAsync(Page);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(page.Headers.RetryAfter);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Service momentanément indisponible", html);
        Assert.DoesNotContain("   at ", html);

        await cluster.StartServerAsync();

        // The pool drops the connections the stop broke as they fail: a bounded wait, no timing assertion.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetAsync(Api)).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "l'instance ne s'est pas rétablie après le retour de PostgreSQL");
            await Task.Delay(200);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Page)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
