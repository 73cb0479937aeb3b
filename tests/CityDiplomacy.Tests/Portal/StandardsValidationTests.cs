using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CityDiplomacy.Accounts;
using CityDiplomacy.Engagements;
using CityDiplomacy.OpenData;
using CityDiplomacy.Tests.Infrastructure;
using Json.Schema;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static CityDiplomacy.Tests.Manage.Forms;
using static CityDiplomacy.Tests.Portal.OpenDataFixture;

namespace CityDiplomacy.Tests.Portal;

/// <summary>
/// The exports checked with the official validators' own files (copied under Fixtures/standards): IATI XSD and rules,
/// RFC 5545 structure, the GeoJSON JSON Schema, and the OpenAPI document's security and responses.
/// </summary>
public sealed class StandardsValidationTests
{
    private const string SaintDenisReunion = "97411";
    private const int Honolulu = 5856195;
    private const string Paris = "75056";

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(TestApp app, string url)
    {
        using var client = app.Client();
        var response = await client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> OkAsync(TestApp app, string url)
    {
        var (status, body) = await GetAsync(app, url);
        Assert.True(status == HttpStatusCode.OK, $"GET {url} → {(int)status} {body}");
        return body;
    }

    // ---- IATI ------------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_iati_file_passes_the_xsd_and_the_iati_rules(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var seeded = await SeedAsync(app);
        var nextYear = DateTime.UtcNow.Year + 1;
        var noSector = await app.SeedAsync(SaintJeanDeBraye, new CooperationProjectInput
        {
            Title = "Projet sans secteur", Partners = [new PartnerInput { GeonameId = 3094802 }], StartOn = "2023-05-01", Status = "active",
        });
        var planned = await app.SeedAsync(SaintJeanDeBraye, new CooperationProjectInput
        {
            Title = "Projet à venir", Partners = [new PartnerInput { GeonameId = 3094802 }], DacSectorCode = "15150",
            StartOn = $"{nextYear}-03-01", Status = "proposed",
        });

        foreach (var url in new[] { $"/api/communes/{SaintJeanDeBraye}/cooperation-iati.xml", "/api/countries/PL/cooperation-iati.xml", "/api/cooperation-iati.xml" })
        {
            var xml = await OkAsync(app, url);
            Assert.Empty(IatiRules.SchemaErrors(xml));
            var document = XDocument.Parse(xml);
            Assert.Empty(IatiRules.RuleErrors(document, DateTime.UtcNow.AddMinutes(1)));

            var activities = document.Root!.Elements("iati-activity").ToList();
            Assert.Equal(2, activities.Count);
            Assert.DoesNotContain(activities, a => a.Element("iati-identifier")!.Value.EndsWith(noSector.ToString("N"), StringComparison.Ordinal));
            var project = activities.Single(a => a.Element("iati-identifier")!.Value.EndsWith(seeded.Project.ToString("N"), StringComparison.Ordinal));
            Assert.Equal("2", project.Element("activity-date")!.Attribute("type")!.Value); // started in 2024: actual start
            var coming = activities.Single(a => a.Element("iati-identifier")!.Value.EndsWith(planned.ToString("N"), StringComparison.Ordinal));
            Assert.Equal(("1", $"{nextYear}-03-01"), (coming.Element("activity-date")!.Attribute("type")!.Value, coming.Element("activity-date")!.Attribute("iso-date")!.Value));

            var reporting = project.Element("reporting-org")!;
            Assert.StartsWith(IatiExport.OrganisationPrefix + "-", reporting.Attribute("ref")!.Value, StringComparison.Ordinal);
            Assert.Equal("Commune de Saint-Jean-de-Braye", reporting.Element("narrative")!.Value);
        }
    }

    [Fact]
    public void The_reporting_org_prefix_is_approved_by_org_id_guide()
    {
        Assert.Contains(IatiExport.OrganisationPrefix, IatiRules.ApprovedPrefixes.Value);
        Assert.DoesNotContain("FR-SIREN", IatiRules.ApprovedPrefixes.Value);
        var agencies = XDocument.Load(Path.Combine(IatiRules.Standards, "iati", "codelists", "OrganisationRegistrationAgency.xml"));
        var item = agencies.Descendants("codelist-item").Single(i => i.Element("code")!.Value == IatiExport.OrganisationPrefix);
        Assert.Equal("active", item.Attribute("status")!.Value);
        Assert.Null(IatiExport.ReportingOrgRef(new ExportCommune("45284", "X", "213 0 0", null, null)));
        Assert.Equal("FR-RCS-214502841", IatiExport.ReportingOrgRef(new ExportCommune("45284", "Saint-Jean-de-Braye", "214502841", null, null)));
        Assert.Null(IatiExport.ReportingOrgRef(new ExportCommune("98735", "Papeete", null, null, null)));
    }

    [Fact]
    public void The_rule_checker_reads_the_official_rules_and_catches_a_missing_sector_and_a_future_actual_start()
    {
        var rules = File.ReadAllText(Path.Combine(IatiRules.Standards, "iati", "rulesets", "standard.json"));
        foreach (var id in IatiRules.RuleIds)
            Assert.Contains($"\"id\": \"{id}\"", rules, StringComparison.Ordinal);

        var now = new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);
        var bad = XDocument.Parse("""
            <iati-activities version="2.03" generated-datetime="2026-06-01T00:00:00Z">
              <iati-activity last-updated-datetime="2026-07-01T00:00:00Z" xml:lang="fr" default-currency="EUR">
                <iati-identifier>FR-SIREN-214502841-1</iati-identifier>
                <reporting-org ref="FR-SIREN-214502841" type="11"><narrative>Commune de Annecy</narrative></reporting-org>
                <title><narrative>Projet</narrative></title>
                <description type="1"><narrative>Projet</narrative></description>
                <participating-org role="1" type="11" ref="FR-SIREN-214502841"><narrative>Commune</narrative></participating-org>
                <activity-status code="2"/>
                <activity-date type="2" iso-date="2027-01-01"/>
              </iati-activity>
            </iati-activities>
            """);
        var errors = IatiRules.RuleErrors(bad, now);
        Assert.Contains(errors, e => e.StartsWith("6.2.2 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("11.1.4 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("11.1.1 ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("1.14.8 ", StringComparison.Ordinal));
        Assert.Empty(IatiRules.SchemaErrors(bad.ToString()));

        // The reason a file without activity is never served: the schema wants one.
        Assert.NotEmpty(IatiRules.SchemaErrors("""<iati-activities version="2.03" generated-datetime="2026-06-01T00:00:00Z"></iati-activities>"""));
    }

    [Theory]
    [InlineData("Annecy", "Commune d'Annecy")]
    [InlineData("Orléans", "Commune d'Orléans")]
    [InlineData("Évry-Courcouronnes", "Commune d'Évry-Courcouronnes")]
    [InlineData("Hyères", "Commune d'Hyères")]
    [InlineData("Yvetot", "Commune d'Yvetot")]
    [InlineData("Nantes", "Commune de Nantes")]
    [InlineData("Saint-Jean-de-Braye", "Commune de Saint-Jean-de-Braye")]
    [InlineData("Haguenau", "Commune de Haguenau")]
    [InlineData("Le Mans", "Commune du Mans")]
    [InlineData("Les Mureaux", "Commune des Mureaux")]
    [InlineData("La Rochelle", "Commune de La Rochelle")]
    [InlineData("L'Haÿ-les-Roses", "Commune de L'Haÿ-les-Roses")]
    public void Narratives_elide_de_before_a_vowel_or_a_mute_h(string name, string narrative) =>
        Assert.Equal(narrative, IatiExport.CommuneNarrative(name));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Nothing_to_publish_is_a_404_problem_and_no_link(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        // An empty register: no IATI activity anywhere, no calendar event in Paris.
        foreach (var url in new[] { "/api/cooperation-iati.xml", $"/api/communes/{Paris}/cooperation-iati.xml", "/api/countries/PL/cooperation-iati.xml", $"/api/communes/{Paris}/calendar.ics" })
        {
            var (status, body) = await GetAsync(app, url);
            Assert.True(status == HttpStatusCode.NotFound, $"GET {url} → {(int)status}");
            using var problem = JsonDocument.Parse(body);
            Assert.Equal("Rien à publier", problem.RootElement.GetProperty("title").GetString());
            Assert.Contains("rien à publier", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        var donnees = await app.GetPageAsync("/donnees");
        Assert.Empty(donnees.QuerySelectorAll("a[href='/api/cooperation-iati.xml']"));
        Assert.NotEmpty(donnees.QuerySelectorAll("a[href='/api/engagements.csv']"));

        await SeedAsync(app);
        var paris = await app.GetPageAsync($"/communes/{Paris}");
        Assert.Empty(paris.QuerySelectorAll("a[href$='/calendar.ics'], a[href$='/cooperation-iati.xml']"));
        Assert.NotEmpty(paris.QuerySelectorAll($"a[href='/api/communes/{Paris}/engagements.csv']"));
        var profile = await app.GetJsonAsync($"/api/communes/{Paris}");
        Assert.DoesNotContain(profile.GetProperty("downloads").EnumerateArray(), d => d.GetProperty("url").GetString()!.EndsWith(".ics", StringComparison.Ordinal));

        // Nogent-sur-Oise has a twinning (a calendar) but no cooperation project (no IATI file).
        var nogent = await app.GetPageAsync($"/communes/{NogentSurOise}");
        Assert.Empty(nogent.QuerySelectorAll("a[href$='/cooperation-iati.xml']"));
        Assert.NotEmpty(nogent.QuerySelectorAll($"a[href='/api/communes/{NogentSurOise}/calendar.ics']"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(app, $"/api/communes/{NogentSurOise}/cooperation-iati.xml")).Status);
        var braye = await app.GetPageAsync($"/communes/{SaintJeanDeBraye}");
        Assert.NotEmpty(braye.QuerySelectorAll($"a[href='/api/communes/{SaintJeanDeBraye}/cooperation-iati.xml']"));
        Assert.NotEmpty((await app.GetPageAsync("/donnees")).QuerySelectorAll("a[href='/api/cooperation-iati.xml']"));
    }

    // ---- iCalendar -------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_served_calendar_parses_with_at_least_one_event_crlf_and_folded_lines(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await SeedAsync(app);
        var served = 0;
        foreach (var commune in new[] { SaintJeanDeBraye, NogentSurOise, Paris })
        {
            var page = await app.GetPageAsync($"/communes/{commune}");
            var link = page.QuerySelector("a[href$='/calendar.ics']")?.GetAttribute("href");
            var (status, body) = await GetAsync(app, $"/api/communes/{commune}/calendar.ics");
            Assert.Equal(link is null ? HttpStatusCode.NotFound : HttpStatusCode.OK, status);
            if (link is null) continue;
            served++;
            Assert.DoesNotMatch("[^\r]\n", body); // CRLF only
            var calendar = Ics.Parse(body); // checks CRLF and 75 octets per physical line, unfolds
            Assert.NotEmpty(calendar.Events);
        }
        Assert.Equal(2, served);
    }

    // ---- GeoJSON ---------------------------------------------------------------------------------------------------

    [Fact]
    public void A_link_across_the_antimeridian_is_cut_there_and_others_are_not()
    {
        // Saint-Denis (La Réunion, 55.45 E) to Honolulu (157.86 W): 213° apart westward, 147° eastward: the short way crosses 180°.
        var parts = EngagementExports.Link(55.4504, -20.88231, -157.85833, 21.30694);
        Assert.Equal(2, parts.Count);
        Assert.Equal((55.4504, -20.88231), parts[0][0]);
        Assert.Equal(180, parts[0][1].Lon);
        Assert.Equal(-180, parts[1][0].Lon);
        Assert.Equal(parts[0][1].Lat, parts[1][0].Lat);
        Assert.InRange(parts[0][1].Lat, -20.88231, 21.30694);
        Assert.Equal((-157.85833, 21.30694), parts[1][1]);

        // Nouméa (166.45 E) to Papeete (149.57 W): eastward across 180°.
        var pacific = EngagementExports.Link(166.44884, -22.27407, -149.56843, -17.5347);
        Assert.Equal(2, pacific.Count);
        Assert.Equal(180, pacific[0][1].Lon);
        // Paris (2.35 E) to Anchorage (149.90 W) or to Petropavlovsk-Kamchatsky (158.65 E): less than 180° apart, not cut.
        Assert.Single(EngagementExports.Link(2.3488, 48.85341, -149.90028, 61.21806));
        Assert.Single(EngagementExports.Link(2.3488, 48.85341, 158.65076, 53.04444));
    }

    /// <summary>Built once: the validator registers a schema by its $id and refuses a second one.</summary>
    private static readonly Lazy<JsonSchema> GeoJsonSchema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(IatiRules.Standards, "geojson", "FeatureCollection.json"))));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_geojson_export_passes_the_geojson_schema_and_no_line_crosses_the_antimeridian(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        await SeedAsync(app);
        var twinning = await app.SeedAsync(SaintDenisReunion, Twinning(Honolulu));
        var schema = GeoJsonSchema.Value;

        var urls = new[]
        {
            "/api/engagements.geojson", $"/api/communes/{SaintDenisReunion}/engagements.geojson", $"/api/communes/{SaintJeanDeBraye}/engagements.geojson",
            $"/api/communes/{Paris}/engagements.geojson", "/api/countries/US/engagements.geojson", "/api/countries/BF/engagements.geojson",
        };
        foreach (var url in urls)
        {
            using var geo = JsonDocument.Parse(await OkAsync(app, url));
            var result = schema.Evaluate(geo.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, $"{url}: " + string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))));
            foreach (var feature in geo.RootElement.GetProperty("features").EnumerateArray())
            {
                var geometry = feature.GetProperty("geometry");
                var lines = geometry.GetProperty("type").GetString() switch
                {
                    "LineString" => [geometry.GetProperty("coordinates")],
                    "MultiLineString" => geometry.GetProperty("coordinates").EnumerateArray().ToList(),
                    _ => new List<JsonElement>(),
                };
                foreach (var line in lines)
                {
                    var longitudes = line.EnumerateArray().Select(p => p[0].GetDouble()).ToList();
                    for (var i = 1; i < longitudes.Count; i++)
                        Assert.True(Math.Abs(longitudes[i] - longitudes[i - 1]) <= 180, $"{url}: a segment crosses the antimeridian uncut");
                }
            }
        }

        using var reunion = JsonDocument.Parse(await OkAsync(app, $"/api/communes/{SaintDenisReunion}/engagements.geojson"));
        var link = reunion.RootElement.GetProperty("features").EnumerateArray()
            .Single(f => f.GetProperty("properties").GetProperty("role").GetString() == "link"
                         && f.GetProperty("properties").GetProperty("engagement_id").GetGuid() == twinning);
        Assert.Equal("MultiLineString", link.GetProperty("geometry").GetProperty("type").GetString());
        var parts = link.GetProperty("geometry").GetProperty("coordinates");
        Assert.Equal(2, parts.GetArrayLength());
        Assert.Equal(180, parts[0][1][0].GetDouble());
        Assert.Equal(-180, parts[1][0][0].GetDouble());
    }

    // ---- OpenAPI ---------------------------------------------------------------------------------------------------

    /// <summary>A handler that takes the caller's rights reads the token (CommuneAccess, or a service that uses it).</summary>
    private static bool ReadsCaller(MethodInfo handler)
    {
        static bool Reads(Type type) => type == typeof(CommuneAccess) || type == typeof(EngagementCommands);
        return handler.GetParameters().Any(p => Reads(p.ParameterType)
            || (p.GetCustomAttribute<AsParametersAttribute>() is not null && p.ParameterType.GetProperties().Any(x => Reads(x.PropertyType))));
    }

    [Fact]
    public async Task The_openapi_document_declares_the_token_where_needed_the_screening_404s_and_the_sep_enum()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = app.Client();
        using var openapi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var root = openapi.RootElement;
        var operations = root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Path: path.Name, Method: op.Name, Operation: op.Value)))
            .ToList();
        Assert.NotEmpty(operations);
        var byId = operations.Where(o => o.Operation.TryGetProperty("operationId", out _))
            .ToDictionary(o => o.Operation.GetProperty("operationId").GetString()!);

        static List<string> Requirements(JsonElement operation) => operation.GetProperty("security").EnumerateArray()
            .Select(r => string.Join(",", r.EnumerateObject().Select(p => p.Name))).ToList();

        // Every operation says who may call it (an empty list: anonymous).
        foreach (var (path, method, operation) in operations)
            Assert.True(operation.TryGetProperty("security", out _), $"{method} {path} has no security");

        // Every scheme declared is used, and every scheme used is declared.
        var declared = root.GetProperty("components").GetProperty("securitySchemes").EnumerateObject().Select(s => s.Name).ToHashSet();
        var used = operations.SelectMany(o => Requirements(o.Operation)).SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        Assert.Equal(declared.Order(), used.Order());
        Assert.Equal([ApiTokenHandler.SchemeName], declared);

        // Operations that answer 401 need the token; routes that require authorization too; handlers reading the caller accept it.
        foreach (var (path, method, operation) in operations.Where(o => o.Operation.GetProperty("responses").TryGetProperty("401", out _)))
            Assert.Equal([ApiTokenHandler.SchemeName], Requirements(operation));
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .ToList();
        Assert.NotEmpty(endpoints);
        var checkedAuthorize = 0;
        foreach (var endpoint in endpoints)
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName;
            Assert.True(byId.TryGetValue(name, out var op), $"{name} is not in the OpenAPI document");
            var requirements = Requirements(op.Operation);
            if (endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null)
            {
                Assert.Equal([ApiTokenHandler.SchemeName], requirements);
                Assert.True(op.Operation.GetProperty("responses").TryGetProperty("401", out _), $"{name}: 401 not documented");
                checkedAuthorize++;
            }
            if (endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler && ReadsCaller(handler))
                Assert.True(requirements.Contains(ApiTokenHandler.SchemeName), $"{name} reads the caller but declares no token");
        }
        Assert.True(checkedAuthorize >= 3);
        Assert.Equal(["", ApiTokenHandler.SchemeName], Requirements(byId["ListScreeningFlags"].Operation));
        Assert.Empty(Requirements(byId[$"ExportCommuneEngagementsCsv"].Operation));

        // Screening routes document their 404.
        var screening = operations.Where(o => o.Path.Contains("/screening", StringComparison.Ordinal) || o.Path.StartsWith("/api/flags/", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, screening.Count);
        Assert.All(screening, o => Assert.True(o.Operation.GetProperty("responses").TryGetProperty("404", out _), $"{o.Method} {o.Path}: no 404"));

        // sep: an enum of what the server accepts, each value accepted, anything else refused.
        var registry = app.Services.GetRequiredService<OpenDataRegistry>();
        foreach (var export in registry.Exports)
        {
            foreach (var scope in export.Scopes)
            {
                var sep = byId[export.OperationName(scope)].Operation.GetProperty("parameters").EnumerateArray()
                    .Single(p => p.GetProperty("name").GetString() == "sep");
                var values = sep.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()!).ToList();
                Assert.Contains("semicolon", values);
                Assert.Contains("comma", values);
                Assert.All(values, v => Assert.NotNull(OpenDataApi.ParseSeparator(v)));
            }
        }
        foreach (var value in OpenDataApi.Separators)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/communes/{SaintJeanDeBraye}/engagements.csv?sep={Uri.EscapeDataString(value)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/communes/{SaintJeanDeBraye}/engagements.csv?sep=tab")).StatusCode);
    }
}
