using System.Net;
using System.Text;
using System.Text.Json;
using CityDiplomacy.Accounts;
using CityDiplomacy.Tests.Infrastructure;
using static CityDiplomacy.Tests.Engagements.RegisterApi;

namespace CityDiplomacy.Tests.Engagements;

/// <summary>The register over HTTP: every kind created, read and changed; the input checks (400) and the rules (422).</summary>
public sealed class EngagementsApiTests
{
    /// <summary>What a freshly created engagement of each kind shows, field by field.</summary>
    private static (string Path, string? Expected)[] Expectations(string route) => route switch
    {
        "twinnings" =>
        [
            ("kind", "twinning"), ("title", "Jumelage avec Kraków"), ("status", "active"), ("awaitingRegularisation", "false"),
            ("partners.0.name", "Kraków"), ("partners.0.countryCode", "PL"), ("partners.0.geonameId", "3094802"),
            ("signedOn", "1965-03-12"), ("committee.rna", "W452001234"), ("deliberations.0.reference", "DCM-1965-014"),
            ("deliberations.0.votesFor", "30"), ("themes", """["culture","education-youth"]"""), ("activities.0.kind", "visite"),
            ("statusHistory.0.status", "active"),
        ],
        "cooperation-projects" =>
        [
            ("kind", "cooperation-project"), ("title", "Eau et assainissement à Dogbo"), ("status", "active"),
            ("partners.0.name", "Dogbo"), ("partners.0.countryCode", "BJ"), ("partners.0.geonameId", "2394545"),
            ("dacSectorCode", "14030"), ("conventionSignedOn", "2021-11-15"), ("transmittedToPrefectOn", "2021-11-30"),
            ("budgetLines.1.funder", "eu"), ("budgetLines.1.amountCents", "500000"), ("totalCents", "2000000"),
            ("documents.0.url", "https://example.org/convention.pdf"),
        ],
        "partnerships" =>
        [
            ("kind", "partnership"), ("type", "youth"), ("startOn", "2019-09-01"), ("partners.0.name", "Bychawa"),
            ("partners.0.geonameId", "774730"),
        ],
        "honorary-citizenships" =>
        [
            ("kind", "honorary-citizenship"), ("title", "Personne Fictive des Tests"), ("person.country", "BY"),
            ("person.role", "journaliste"), ("councilVoteOn", "2021-05-10"), ("situation.0.situation", "detained"),
            ("currentSituation.situation", "sentenced"), ("currentSituation.sourceUrl", "https://example.org/b"),
        ],
        "network-memberships" =>
        [
            ("kind", "network-membership"), ("title", "Réseau des tests"), ("network.code", NetworkCode),
            ("joinedOn", "2015-01-01"), ("feeCents", "120000"), ("commitments", "Plan climat."),
        ],
        "summits" =>
        [
            ("kind", "summit"), ("title", "Sommet des tests"), ("place", "Genève"), ("startOn", "2023-06-01"), ("endOn", "2023-06-03"),
        ],
        "world-days" =>
        [
            ("kind", "world-day"), ("title", "Journée des tests 2024"), ("worldDay.code", WorldDayCode), ("year", "2024"),
            ("on", "2024-11-30"),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
    };

    [Theory]
    [MemberData(nameof(ProvidersAndRoutes), MemberType = typeof(RegisterApi))]
    public async Task Every_kind_is_created_read_and_updated_over_http(string provider, string route)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await AddCataloguesAsync(app);
        using var officer = await app.OfficerAsync();

        var response = await officer.PostJsonAsync($"/api/communes/{Commune}/{route}", Creation(route));
        var created = await JsonAsync(response, HttpStatusCode.Created);
        var id = created.Id();
        Assert.Equal($"/api/engagements/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.ETag());

        var get = await officer.GetAsync($"/api/engagements/{id}");
        var read = await JsonAsync(get);
        Assert.Equal("\"1\"", get.ETag());
        foreach (var (path, expected) in Expectations(route))
        {
            Assert.Equal(expected, created.At(path));
            Assert.Equal(expected, read.At(path));
        }
        Assert.Equal(Commune, read.At("communeCode"));
        Assert.Equal("public", read.At("visibility"));

        var list = await JsonAsync(await officer.GetAsync($"/api/communes/{Commune}/engagements"));
        var line = Assert.Single(list.EnumerateArray());
        Assert.Equal(id, line.Id());
        Assert.Equal(read.At("kind"), line.At("kind"));

        var (body, field, value) = Change(route);
        var put = await officer.PutJsonAsync($"/api/engagements/{id}", body, "\"1\"");
        var updated = await JsonAsync(put);
        Assert.Equal("\"2\"", put.ETag());
        Assert.Equal(value, updated.At(field));
        var reread = await JsonAsync(await officer.GetAsync($"/api/engagements/{id}"));
        Assert.Equal(value, reread.At(field));
        Assert.Equal("2", reread.At("version"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_issue_example_creates_a_twinning_with_a_partner_given_by_geonames_id_or_by_name(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();

        foreach (var partner in new object[] { new { geonameId = KrakowGeonameId }, new { name = "Kraków", country = "PL" }, new { name = "KRAKOW", country = "pl" } })
        {
            var response = await officer.PostJsonAsync($"/api/communes/{Commune}/twinnings", IssueTwinning(partner));
            var twinning = await JsonAsync(response, HttpStatusCode.Created);
            Assert.True(Guid.TryParse(twinning.Id(), out _));
            Assert.Equal($"/api/engagements/{twinning.Id()}", response.Headers.Location?.OriginalString);
            Assert.NotNull(response.Headers.ETag);
            Assert.Equal("twinning", twinning.At("kind"));
            Assert.Equal("active", twinning.At("status")); // signed and decided: in force, not a draft
            Assert.Equal("false", twinning.At("awaitingRegularisation"));
            Assert.Equal("Kraków", twinning.At("partners.0.name"));
            Assert.Equal("PL", twinning.At("partners.0.countryCode"));
            Assert.Equal("3094802", twinning.At("partners.0.geonameId"));
            Assert.Equal("1965-03-12", twinning.At("signedOn"));
            Assert.Equal("1965-02-20", twinning.At("deliberations.0.date"));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_impossible_date_is_a_400_naming_the_field(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();

        var response = await officer.PostJsonAsync($"/api/communes/{Commune}/twinnings",
            new { partner = new { geonameId = KrakowGeonameId }, signedOn = "1990-02-31" });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "signedOn");
        Assert.Contains("1990-02-31", problem.GetProperty("errors").GetProperty("signedOn")[0].GetString());
        await AssertRegisterEmptyAsync(app);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Validation_reports_every_field_error_at_once(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();

        var response = await officer.PostJsonAsync($"/api/communes/{Commune}/cooperation-projects", new
        {
            visibility = "secret",
            themes = new[] { "human-rights", "astrology" },
            status = "paused",
            partners = new object[] { new { name = "Dogbo" } },
            deliberations = new[] { new { reference = "", date = "2021-13-01", votesFor = -1 } },
            budgetLines = new[] { new { year = 2022, amountCents = 100L, funder = "bank" } },
            startOn = "01/02/2022",
        });
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "title", "visibility", "themes", "status", "partners[0]", "deliberations[0].reference", "deliberations[0].date",
            "deliberations[0].votesFor", "budgetLines[0].funder", "startOn",
        }, fields);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Malformed_json_is_a_400_problem_naming_the_field_when_it_can(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        var url = $"/api/communes/{Commune}/twinnings";

        await ProblemAsync(await officer.PostAsync(url, new StringContent("{ \"partner\": ", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "body");
        await ProblemAsync(await officer.PostAsync(url, new StringContent("""{ "partner": { "geonameId": "Kraków" } }""", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "partner.geonameId");
        await ProblemAsync(await officer.PostAsync(url, new StringContent("""{ "partner": { "geonameId": 3094802 }, "deliberations": { } }""", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest, "deliberations");
        await ProblemAsync(await officer.PostAsync(url, new StringContent("partner=3094802", Encoding.UTF8, "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType);

        // Unknown properties are ignored.
        await JsonAsync(await officer.PostAsync(url, new StringContent("""{ "partner": { "geonameId": 3094802 }, "colour": "blue" }""", Encoding.UTF8, "application/json")),
            HttpStatusCode.Created);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_State_as_the_partner_of_a_convention_is_refused_citing_L1115_5(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();

        var twinning = await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/twinnings",
            new { partner = new { country = "SN" } }), HttpStatusCode.UnprocessableEntity, "partner");
        Assert.Contains("L1115-5", twinning.GetProperty("errors").GetProperty("partner")[0].GetString());
        Assert.Contains("Sénégal", twinning.GetProperty("detail").GetString());

        var project = await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/cooperation-projects",
            new { title = "Coopération avec l'État", partners = new object[] { new { geonameId = 2253354 }, new { country = "sn" } } }),
            HttpStatusCode.UnprocessableEntity, "partners");
        Assert.Contains("L1115-5", project.GetProperty("detail").GetString());

        // A first-level region is a local authority: accepted.
        var region = await officer.CreateAsync("cooperation-projects",
            new { title = "Coopération régionale", partners = new object[] { new { admin1 = "72", country = "PL" } } });
        Assert.Equal("admin1", region.At("partners.0.kind"));
        Assert.Equal("Lower Silesia", region.At("partners.0.name"));
        await AssertRegisterCountAsync(app, 1);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_partner_is_a_422_naming_it(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();

        var byName = await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/twinnings",
            new { partner = new { name = "Atlantis", country = "PL" } }), HttpStatusCode.UnprocessableEntity, "partner");
        Assert.Contains("Atlantis", byName.GetProperty("detail").GetString());
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/twinnings",
            new { partner = new { geonameId = 999999999 } }), HttpStatusCode.UnprocessableEntity, "partner");
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/twinnings",
            new { partner = new { name = "Kraków", country = "ZZ" } }), HttpStatusCode.UnprocessableEntity, "partner.country");
        await AssertRegisterEmptyAsync(app);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dates_must_be_coherent_and_amounts_positive(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await AddCataloguesAsync(app);
        using var officer = await app.OfficerAsync();
        var partners = new object[] { new { geonameId = 2394545 } };

        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/cooperation-projects",
            new { title = "À rebours", partners, startOn = "2022-01-01", endOn = "2021-12-31" }), HttpStatusCode.UnprocessableEntity, "endOn");
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/network-memberships",
            new { network = NetworkCode, joinedOn = "2020-01-01", leftOn = "2019-01-01" }), HttpStatusCode.UnprocessableEntity, "leftOn");
        var budget = await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/cooperation-projects",
            new { title = "Budget négatif", partners, budgetLines = new[] { new { year = 2022, amountCents = -100L, funder = "commune" } } }),
            HttpStatusCode.UnprocessableEntity, "budgetLines");
        Assert.Contains("négatif", budget.GetProperty("detail").GetString());
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/network-memberships",
            new { network = NetworkCode, feeCents = -1L }), HttpStatusCode.UnprocessableEntity, "feeCents");
        await ProblemAsync(await officer.PostJsonAsync($"/api/communes/{Commune}/twinnings",
            new { partner = new { geonameId = KrakowGeonameId }, status = "suspended", statusOn = "2020-02-14" }),
            HttpStatusCode.UnprocessableEntity, "statusReason");
        await AssertRegisterEmptyAsync(app);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Suspending_needs_a_reason_and_resuming_after_a_suspension_needs_a_new_deliberation(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        var twinning = await officer.CreateAsync("twinnings", new
        {
            partner = new { geonameId = 756634 },
            signedOn = "2003-05-17",
            deliberation = new { reference = "DCM-2003-12", date = "2003-03-20" },
            status = "active",
        });
        var url = $"/api/engagements/{twinning.Id()}";

        await ProblemAsync(await officer.PostJsonAsync($"{url}/suspend", new { on = "2020-02-14" }), HttpStatusCode.UnprocessableEntity, "reason");
        await ProblemAsync(await officer.PostJsonAsync($"{url}/suspend", new { reason = "Zone « sans idéologie LGBT »", on = "2020-02-31" }), HttpStatusCode.BadRequest, "on");
        var suspend = await officer.PostJsonAsync($"{url}/suspend", new { reason = "Zone « sans idéologie LGBT »", on = "2020-02-14" });
        var suspended = await JsonAsync(suspend);
        Assert.Equal("suspended", suspended.At("status"));
        Assert.Equal("2020-02-14", suspended.At("statusOn"));
        Assert.Equal("\"2\"", suspend.ETag());

        await ProblemAsync(await officer.PostJsonAsync($"{url}/resume", new { on = "2021-03-01" }), HttpStatusCode.UnprocessableEntity, "deliberation");
        await ProblemAsync(await officer.PostJsonAsync($"{url}/resume", new { on = "2021-03-01", deliberation = "DCM-2003-12" }), HttpStatusCode.UnprocessableEntity, "deliberation");

        var withDecision = await officer.PutJsonAsync(url, new
        {
            partner = new { geonameId = 756634 },
            signedOn = "2003-05-17",
            deliberations = new[] { new { reference = "DCM-2003-12", date = "2003-03-20" }, new { reference = "DCM-2021-3", date = "2021-02-25" } },
        }, "\"2\"");
        await JsonAsync(withDecision);
        var resumed = await JsonAsync(await officer.PostJsonAsync($"{url}/resume", new { on = "2021-03-01", deliberation = "DCM-2021-3" }));
        Assert.Equal("active", resumed.At("status"));
        Assert.Equal(["active", "suspended", "active"], resumed.GetProperty("statusHistory").EnumerateArray().Select(e => e.At("status")));
        Assert.Equal("DCM-2021-3", resumed.At("statusHistory.2.deliberation"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_ended_engagement_is_read_only_except_its_notes(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await AddCataloguesAsync(app);
        using var officer = await app.OfficerAsync();
        var body = Creation("summits");
        var summit = await officer.CreateAsync("summits", body);
        var url = $"/api/engagements/{summit.Id()}";
        var ended = await JsonAsync(await officer.PostJsonAsync($"{url}/end", new { reason = "Sommet clos", on = "2023-06-03" }));
        Assert.Equal("ended", ended.At("status"));
        Assert.Equal("true", ended.At("readOnly"));

        var retitled = await ProblemAsync(await officer.PutJsonAsync(url, new { eventName = "Sommet des tests", place = "Genève", startOn = "2023-06-01", endOn = "2023-06-03", role = "intervenante", delegation = "Le maire et une adjointe", title = "Autre intitulé" }, "\"2\""),
            HttpStatusCode.UnprocessableEntity, "title");
        Assert.Contains("terminé", retitled.GetProperty("detail").GetString());
        await ProblemAsync(await officer.PutJsonAsync(url, new { eventName = "Sommet des tests", place = "Berne", startOn = "2023-06-01", endOn = "2023-06-03", role = "intervenante", delegation = "Le maire et une adjointe" }, "\"2\""),
            HttpStatusCode.UnprocessableEntity, "place");
        await ProblemAsync(await officer.PostJsonAsync($"{url}/suspend", new { reason = "Trop tard", on = "2024-01-01" }), HttpStatusCode.UnprocessableEntity, "status");

        var noted = await officer.PutJsonAsync(url, new
        {
            eventName = "Sommet des tests", place = "Genève", startOn = "2023-06-01", endOn = "2023-06-03", role = "intervenante",
            delegation = "Le maire et une adjointe", notes = "Compte rendu publié en juillet.", status = "ended",
        }, "\"2\"");
        var withNotes = await JsonAsync(noted);
        Assert.Equal("Compte rendu publié en juillet.", withNotes.At("notes"));
        Assert.Equal("ended", withNotes.At("status"));
        Assert.Equal("\"3\"", noted.ETag());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_active_twinning_without_deliberation_awaits_regularisation(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        var twinning = await officer.CreateAsync("twinnings", new { partner = new { geonameId = 774730 }, status = "active" });
        Assert.Equal("true", twinning.At("awaitingRegularisation"));
        Assert.Equal("Jumelage avec Bychawa", twinning.At("title"));
        var line = (await JsonAsync(await officer.GetAsync($"/api/communes/{Commune}/engagements"))).EnumerateArray().Single();
        Assert.Equal("true", line.At("awaitingRegularisation"));

        var regularised = await JsonAsync(await officer.PutJsonAsync($"/api/engagements/{twinning.Id()}",
            new { partner = new { geonameId = 774730 }, deliberation = new { reference = "DCM-2024-7", date = "2024-01-15" } }, "\"1\""));
        Assert.Equal("false", regularised.At("awaitingRegularisation"));
        Assert.Equal("active", regularised.At("status"));

        var partnership = await officer.CreateAsync("partnerships", new { title = "Sans délibération", status = "active" });
        Assert.Equal("false", partnership.At("awaitingRegularisation"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_register_filters_by_kind_and_status_and_refuses_unknown_values(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var officer = await app.OfficerAsync();
        var active = await officer.CreateAsync("twinnings", new { partner = new { geonameId = 774730 }, status = "active" });
        await officer.CreateAsync("twinnings", new { partner = new { geonameId = 756634 } });
        await officer.CreateAsync("summits", new { eventName = "Sommet", status = "active" });

        var filtered = await JsonAsync(await officer.GetAsync($"/api/communes/{Commune}/engagements?kind=twinning&status=active"));
        Assert.Equal([active.Id()], filtered.EnumerateArray().Select(e => e.Id()));
        Assert.Equal(2, (await JsonAsync(await officer.GetAsync($"/api/communes/{Commune}/engagements?kind=twinning"))).GetArrayLength());
        Assert.Equal(2, (await JsonAsync(await officer.GetAsync($"/api/communes/{Commune}/engagements?status=active"))).GetArrayLength());

        await ProblemAsync(await officer.GetAsync($"/api/communes/{Commune}/engagements?kind=treaty"), HttpStatusCode.BadRequest, "kind");
        await ProblemAsync(await officer.GetAsync($"/api/communes/{Commune}/engagements?status=1"), HttpStatusCode.BadRequest, "status");
        await ProblemAsync(await officer.GetAsync("/api/communes/99999/engagements"), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unknown_communes_and_engagements_are_404(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var admin = await app.ClientAsync("admin@example.fr", Roles.Administrator);

        await ProblemAsync(await admin.PostJsonAsync("/api/communes/99999/twinnings", IssueTwinning(new { geonameId = KrakowGeonameId })), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.PostJsonAsync("/api/communes/abc/twinnings", IssueTwinning(new { geonameId = KrakowGeonameId })), HttpStatusCode.NotFound);
        var unknown = Guid.CreateVersion7();
        await ProblemAsync(await admin.GetAsync($"/api/engagements/{unknown}"), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.PutJsonAsync($"/api/engagements/{unknown}", new { }, "\"1\""), HttpStatusCode.NotFound);
        await ProblemAsync(await admin.PostJsonAsync($"/api/engagements/{unknown}/end", new { reason = "x", on = "2020-01-01" }), HttpStatusCode.NotFound);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_catalogues_list_networks_and_world_days(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await AddCataloguesAsync(app);

        var networks = await app.GetJsonAsync("/api/catalogues/networks");
        var network = networks.EnumerateArray().Single(n => n.At("code") == NetworkCode);
        Assert.Equal("Réseau des tests", network.At("nameFr"));
        Assert.Equal("Test network", network.At("nameEn"));
        var days = await app.GetJsonAsync("/api/catalogues/world-days");
        var day = days.EnumerateArray().Single(d => d.At("code") == WorldDayCode);
        Assert.Equal("11", day.At("month"));
        Assert.Equal("30", day.At("day"));
        var order = days.EnumerateArray().Select(d => d.GetProperty("month").GetInt32() * 100 + d.GetProperty("day").GetInt32()).ToList();
        Assert.Equal(order.Order(), order);
    }

    [Fact]
    public async Task The_engagement_endpoints_are_described_in_openapi()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var document = await app.GetJsonAsync("/openapi/v1.json");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("operationId", out _))
                .Select(o => (Path: path.Name, Method: o.Name, Id: o.Value.GetProperty("operationId").GetString(), Operation: o.Value)))
            .ToList();
        string[] expected =
        [
            "CreateTwinning", "CreateCooperationProject", "CreatePartnership", "CreateHonoraryCitizenship", "CreateNetworkMembership",
            "CreateSummit", "CreateWorldDayObservance", "ListCommuneEngagements", "GetEngagement", "UpdateEngagement",
            "SuspendEngagement", "ResumeEngagement", "EndEngagement", "ListCommuneAudit", "ListCityNetworks", "ListWorldDays",
        ];
        foreach (var id in expected)
        {
            var operation = Assert.Single(operations, o => o.Id == id);
            Assert.Contains("Engagements", operation.Operation.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.False(string.IsNullOrEmpty(operation.Operation.GetProperty("summary").GetString()));
        }
        var twinning = operations.Single(o => o.Id == "CreateTwinning");
        Assert.Equal("/api/communes/{insee}/twinnings", twinning.Path);
        Assert.True(twinning.Operation.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(twinning.Operation.GetProperty("responses").TryGetProperty("422", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas").EnumerateObject().ToList();
        Assert.Contains(schemas, s => s.Name == "TwinningInput" && s.Value.GetProperty("properties").TryGetProperty("signedOn", out _));
        Assert.Contains(schemas, s => s.Name == "HonoraryCitizenshipInput" && s.Value.GetProperty("properties").TryGetProperty("confidentialNotes", out _));
        var details = schemas.Where(s => s.Name.EndsWith("Details", StringComparison.Ordinal) && s.Value.TryGetProperty("properties", out _)).ToList();
        Assert.Contains(details, s => s.Value.GetProperty("properties").TryGetProperty("currentSituation", out _));
        Assert.All(details, s => Assert.DoesNotContain(s.Value.GetProperty("properties").EnumerateObject(), p => p.Name.StartsWith("confidential", StringComparison.Ordinal)));
        string[] inputs = ["TwinningInput", "CooperationProjectInput", "PartnershipInput", "HonoraryCitizenshipInput", "NetworkMembershipInput", "SummitInput", "WorldDayInput"];
        Assert.All(inputs, name => Assert.False(schemas.Single(s => s.Name == name).Value.GetProperty("properties").TryGetProperty("kind", out _), name));
    }

    private static async Task AssertRegisterEmptyAsync(TestApp app) => await AssertRegisterCountAsync(app, 0);

    private static async Task AssertRegisterCountAsync(TestApp app, int count)
    {
        await using var db = app.OpenDb();
        Assert.Equal(count, db.Engagements.Count());
    }
}
