using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CityDiplomacy.Accounts;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Engagements;

/// <summary>What the engagement API tests share: accounts, catalogue rows, bodies of every kind, HTTP shortcuts.</summary>
internal static class RegisterApi
{
    /// <summary>Saint-Jean-de-Braye, whose officer writes in these tests; Paris is « another commune ».</summary>
    public const string Commune = "45284";
    public const string OtherCommune = "75056";
    public const int KrakowGeonameId = 3094802;
    public const string Canary = "CANARY-7f3c";

    public const string NetworkCode = "reseau-des-tests";
    public const string WorldDayCode = "journee-des-tests";

    /// <summary>The kinds as their creation routes name them.</summary>
    public static readonly string[] Routes =
        ["twinnings", "cooperation-projects", "partnerships", "honorary-citizenships", "network-memberships", "summits", "world-days"];

    public static TheoryData<string, string> ProvidersAndRoutes()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in TestDatabase.Providers) foreach (var route in Routes) data.Add(provider, route);
        return data;
    }

    /// <summary>The issue's example body for a twinning, with the partner given either way.</summary>
    public static object IssueTwinning(object partner) => new
    {
        partner,
        signedOn = "1965-03-12",
        deliberation = new { reference = "DCM-1965-014", date = "1965-02-20" },
        visibility = "public",
    };

    /// <summary>A valid creation body of each kind (the catalogue rows of <see cref="AddCataloguesAsync"/> are needed).</summary>
    public static object Creation(string route) => route switch
    {
        "twinnings" => new
        {
            partner = new { geonameId = KrakowGeonameId },
            signedOn = "1965-03-12",
            deliberation = new { reference = "DCM-1965-014", date = "1965-02-20", votesFor = 30, votesAgainst = 2, abstentions = 1 },
            committee = new { name = "Comité de jumelage des tests", rna = "W452001234" },
            themes = new[] { "culture", "education-youth" },
            status = "active",
            activities = new[] { new { on = "1966-07-01", kind = "visite", description = "Première visite d'une délégation.", url = (string?)null } },
        },
        "cooperation-projects" => new
        {
            title = "Eau et assainissement à Dogbo",
            partners = new object[] { new { name = "Dogbo", country = "bj" } },
            objectives = "Accès à l'eau potable.",
            dacSectorCode = "14030",
            startOn = "2022-01-01",
            conventionSignedOn = "2021-11-15",
            transmittedToPrefectOn = "2021-11-30",
            themes = new[] { "water-sanitation" },
            budgetLines = new object[]
            {
                new { year = 2022, amountCents = 1_500_000L, funder = "commune" },
                new { year = 2022, amountCents = 500_000L, funder = "eu", note = "Cofinancement" },
            },
            documents = new[] { new { title = "Convention", url = "https://example.org/convention.pdf" } },
        },
        "partnerships" => new
        {
            title = "Échanges de jeunes avec Bychawa",
            partners = new object[] { new { geonameId = 774730 } },
            type = "youth",
            startOn = "2019-09-01",
        },
        "honorary-citizenships" => new
        {
            person = new { name = "Personne Fictive des Tests", country = "by", role = "journaliste" },
            reason = "Soutien à une défenseuse des droits (données de test).",
            councilVoteOn = "2021-05-10",
            campaignUrl = "https://example.org/campagne",
            themes = new[] { "human-rights" },
            situation = new object[]
            {
                new { on = "2020-09-01", situation = "detained", summary = "Arrestation.", sourceUrl = "https://example.org/a" },
                new { on = "2022-03-01", situation = "sentenced", summary = "Condamnation.", sourceUrl = "https://example.org/b" },
            },
            confidentialNotes = "Notes privées " + Canary,
            confidentialContacts = "Contact " + Canary,
        },
        "network-memberships" => new
        {
            network = NetworkCode,
            joinedOn = "2015-01-01",
            commitments = "Plan climat.",
            feeCents = 120_000L,
        },
        "summits" => new
        {
            eventName = "Sommet des tests",
            place = "Genève",
            startOn = "2023-06-01",
            endOn = "2023-06-03",
            role = "intervenante",
            delegation = "Le maire et une adjointe",
        },
        "world-days" => new { worldDay = WorldDayCode, year = 2024, actions = "Illumination de l'hôtel de ville." },
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };

    /// <summary>A change of each kind: the creation body with one kind-specific field changed, and that field's new value.</summary>
    public static (object Body, string Field, string Expected) Change(string route) => route switch
    {
        "twinnings" => (new
        {
            partner = new { name = "Cracovie", country = "PL" },
            signedOn = "1965-03-13",
            deliberation = new { reference = "DCM-1965-014", date = "1965-02-20", votesFor = 30, votesAgainst = 2, abstentions = 1 },
        }, "signedOn", "1965-03-13"),
        "cooperation-projects" => (new
        {
            title = "Eau et assainissement à Dogbo",
            partners = new object[] { new { name = "Dogbo", country = "BJ" } },
            startOn = "2022-01-01",
            endOn = "2025-12-31",
        }, "endOn", "2025-12-31"),
        "partnerships" => (new
        {
            title = "Échanges universitaires avec Bychawa",
            partners = new object[] { new { geonameId = 774730 } },
            type = "university",
        }, "type", "university"),
        "honorary-citizenships" => (new
        {
            person = new { name = "Personne Fictive des Tests", country = "BY", role = "avocate" },
            councilVoteOn = "2021-05-10",
        }, "person.role", "avocate"),
        "network-memberships" => (new { network = NetworkCode, joinedOn = "2015-01-01", commitments = "Plan climat révisé." }, "commitments", "Plan climat révisé."),
        "summits" => (new { eventName = "Sommet des tests", place = "Lausanne" }, "place", "Lausanne"),
        "world-days" => (new { worldDay = WorldDayCode, year = 2025 }, "year", "2025"),
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };

    /// <summary>A city network and a world day of the tests' own, beside whatever the catalogue seeder shipped.</summary>
    public static async Task AddCataloguesAsync(TestApp app)
    {
        await using var db = app.OpenDb();
        db.CityNetworks.Add(new CityNetwork { Code = NetworkCode, NameFr = "Réseau des tests", NameEn = "Test network", Url = "https://example.org/reseau" });
        db.WorldDays.Add(new WorldDay { Code = WorldDayCode, Month = 11, Day = 30, NameFr = "Journée des tests", NameEn = "Test day" });
        await db.SaveChangesAsync();
    }

    /// <summary>A user of that role (communes assigned) and a client carrying their API token.</summary>
    public static async Task<HttpClient> ClientAsync(this TestApp app, string email, string role, params string[] communes)
    {
        await app.CreateUserAsync(email, role, communes);
        return app.Client(await app.CreateTokenAsync(email));
    }

    public static Task<HttpClient> OfficerAsync(this TestApp app) => app.ClientAsync("officer@45284.fr", Roles.Officer, Commune);

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    /// <summary>Creates an engagement through the API and returns its details (asserting 201).</summary>
    public static async Task<JsonElement> CreateAsync(this HttpClient client, string route, object body, string commune = Commune)
    {
        var response = await client.PostJsonAsync($"/api/communes/{commune}/{route}", body);
        return await JsonAsync(response, HttpStatusCode.Created);
    }

    /// <summary>The JSON body, after asserting the status (the body is shown when it differs).</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} instead of {(int)expected}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a ProblemDetails of that status, naming <paramref name="field"/> in its errors when given; returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected, string? field = null)
    {
        var problem = await JsonAsync(response, expected);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors), $"no errors in {problem}");
            Assert.True(errors.TryGetProperty(field, out var messages), $"{field} not named in {errors}");
            Assert.True(messages.GetArrayLength() > 0);
        }
        return problem;
    }

    public static string Id(this JsonElement details) => details.GetProperty("id").GetString()!;

    public static string ETag(this HttpResponseMessage response) => response.Headers.ETag?.ToString()
        ?? throw new InvalidOperationException("no ETag");

    /// <summary>The current ETag of an engagement, read as its officer.</summary>
    public static async Task<string> ETagAsync(this HttpClient client, string id)
    {
        var response = await client.GetAsync($"/api/engagements/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.ETag();
    }

    /// <summary>The value at a dotted path (« person.role », « partners.0.name »), as text.</summary>
    public static string? At(this JsonElement element, string path)
    {
        foreach (var name in path.Split('.'))
            element = int.TryParse(name, out var index) && element.ValueKind == JsonValueKind.Array ? element[index] : element.GetProperty(name);
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Null => null,
            _ => element.GetRawText(),
        };
    }
}
