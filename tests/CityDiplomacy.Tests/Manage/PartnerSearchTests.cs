using System.Net;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CityDiplomacy.Tests.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using static CityDiplomacy.Tests.Manage.Forms;

namespace CityDiplomacy.Tests.Manage;

/// <summary>Partners given by name: resolved by the resolver in the API, and picked among its candidates in the forms without script.</summary>
public sealed class PartnerSearchTests
{
    [Fact]
    public async Task The_API_resolves_exonyms_in_their_country_and_refuses_an_ambiguous_name_listing_its_candidates()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var officer = await RegisterApi.OfficerAsync(app);

        var vienna = await officer.CreateAsync("twinnings", RegisterApi.IssueTwinning(new { name = "Vienne", country = "AT" }));
        Assert.Equal(2761369, vienna.GetProperty("partners")[0].GetProperty("geonameId").GetInt32());
        var krakow = await officer.CreateAsync("partnerships", new
        {
            title = "Échanges avec Cracovie", partners = new[] { new { name = "Cracovie", country = "PL" } }, startOn = "2020-01-01",
        });
        Assert.Equal(RegisterApi.KrakowGeonameId, krakow.GetProperty("partners")[0].GetProperty("geonameId").GetInt32());

        var ambiguous = await RegisterApi.ProblemAsync(await officer.PostJsonAsync($"/api/communes/{RegisterApi.Commune}/twinnings",
            new { partner = new { name = "Springfield", country = "US" } }), HttpStatusCode.UnprocessableEntity, "partner");
        Assert.Contains("Springfield", ambiguous.GetProperty("detail").GetString());
        var candidates = ambiguous.GetProperty("candidates").EnumerateArray().ToList();
        Assert.True(candidates.Count >= 2, ambiguous.ToString());
        Assert.All(candidates, c => Assert.Equal("Springfield", c.GetProperty("name").GetString()));
        Assert.All(candidates, c => Assert.Equal(JsonValueKind.Number, c.GetProperty("geonameId").ValueKind));
    }

    [Fact]
    public async Task Chercher_keeps_what_was_typed_and_offers_the_places_as_choices_one_of_which_is_saved()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = await app.OfficerAsync();
        var url = $"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/twinning";
        var page = await client.PageAsync(url);
        var form = page.QuerySelector<IHtmlFormElement>("form.engagement-form")!;
        var search = form.QuerySelector("button[formaction='?handler=search']");
        Assert.NotNull(search);
        Assert.True(search!.HasAttribute("formnovalidate"));
        var fields = Values(form).Where(f => f.Key is not ("partner.name" or "partner.country" or "signedOn" or "committee.name")).ToList();
        fields.AddRange([new("partner.name", "Springfield"), new("partner.country", "US"), new("signedOn", "1990-05-01"), new("committee.name", "Amis de Springfield")]);

        var found = await (await client.PostAsync($"{url}?handler=search", new FormUrlEncodedContent(fields))).ParseAsync();
        Assert.Empty(await app.RegisterAsync(SaintJeanDeBraye));
        Assert.Equal("Amis de Springfield", found.QuerySelector<IHtmlInputElement>("#committee-name")!.Value);
        Assert.Equal("1990-05-01", found.QuerySelector<IHtmlInputElement>("#signedon")!.Value);
        var choices = found.QuerySelectorAll<IHtmlInputElement>("#partner-candidats input[type=radio][name='partner.geonameId']")
            .Where(r => r.Value.Length > 0).ToList();
        Assert.True(choices.Count >= 2);
        Assert.All(choices, c => Assert.NotNull(found.QuerySelector($"label[for='{c.Id}']")));
        Assert.Contains("GeoNames", found.QuerySelector($"label[for='{choices[1].Id}']")!.TextContent);

        var save = Values(found.QuerySelector<IHtmlFormElement>("form.engagement-form")!)
            .Where(f => f.Key != "partner.geonameId").Append(new("partner.geonameId", choices[1].Value)).ToList();
        var saved = await client.PostAsync(url, new FormUrlEncodedContent(save));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var twinning = Assert.Single(await app.RegisterAsync(SaintJeanDeBraye));
        Assert.Equal(int.Parse(choices[1].Value), twinning.Partners[0].GeonameId);
    }

    [Fact]
    public async Task Saving_an_ambiguous_name_shows_its_candidates_next_to_the_partner()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = await app.OfficerAsync();
        var response = await client.SubmitAsync($"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/twinning", "form.engagement-form",
            ("partner.name", "Springfield"), ("partner.country", "US"));

        var page = await response.ParseAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Springfield", page.QuerySelector(".error-summary")!.TextContent);
        Assert.NotEmpty(page.QuerySelectorAll("#partner-candidats input[type=radio]"));
        Assert.Empty(await app.RegisterAsync(SaintJeanDeBraye));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_country_with_no_place_of_that_name_offers_no_choice_and_lists_other_countries_apart(string provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        using var client = await app.OfficerAsync();
        var url = $"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/twinning";
        var form = (await client.PageAsync(url)).QuerySelector<IHtmlFormElement>("form.engagement-form")!;
        var fields = Values(form).Where(f => f.Key is not ("partner.name" or "partner.country")).ToList();
        fields.AddRange([new("partner.name", "Saint-Lambert"), new("partner.country", "CA")]);

        var found = await (await client.PostAsync($"{url}?handler=search", new FormUrlEncodedContent(fields))).ParseAsync();

        Assert.Empty(found.QuerySelectorAll("#partner-candidats input[type=radio]"));
        Assert.Contains("Aucun lieu de ce nom dans le pays « Canada » dans la base.",
            found.QuerySelectorAll("p.error[role=status]").Select(p => p.TextContent.Trim()));
        var elsewhere = found.QuerySelectorAll("#partner-ailleurs li").Select(li => li.TextContent).ToList();
        Assert.NotEmpty(elsewhere);
        Assert.All(elsewhere, text => Assert.DoesNotContain(", CA", text));
        Assert.Contains(elsewhere, text => text.Contains(", FR"));
        Assert.Null(found.QuerySelector("#partner-ailleurs input"));

        // Saving that name: refused on the partner, with no candidate to pick; the API answers the same.
        var saving = Values(found.QuerySelector<IHtmlFormElement>("form.engagement-form")!).ToList();
        var refused = await (await client.PostAsync(url, new FormUrlEncodedContent(saving))).ParseAsync();
        Assert.Contains("Aucun lieu nommé « Saint-Lambert » au Canada (CA)", refused.QuerySelector(".error-summary")!.TextContent);
        Assert.Empty(refused.QuerySelectorAll("#partner-candidats input[type=radio]"));
        Assert.NotEmpty(refused.QuerySelectorAll("#partner-ailleurs li"));
        Assert.Empty(await app.RegisterAsync(SaintJeanDeBraye));

        using var officer = await RegisterApi.OfficerAsync(app);
        var problem = await RegisterApi.ProblemAsync(await officer.PostJsonAsync($"/api/communes/{RegisterApi.Commune}/twinnings",
            new { partner = new { name = "Saint-Lambert", country = "CA" } }), HttpStatusCode.UnprocessableEntity, "partner");
        Assert.Equal(0, problem.GetProperty("candidates").GetArrayLength());
        var others = problem.GetProperty("otherCountries").EnumerateArray().ToList();
        Assert.NotEmpty(others);
        Assert.All(others, c => Assert.NotEqual("CA", c.GetProperty("countryCode").GetString()));
    }
}
