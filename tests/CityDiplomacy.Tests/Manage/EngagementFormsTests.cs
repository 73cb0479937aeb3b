using System.Net;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using static CityDiplomacy.Tests.Manage.Forms;

namespace CityDiplomacy.Tests.Manage;

public sealed class EngagementFormsTests
{
    /// <summary>What an officer types in the create form of each kind, and the title the register then shows.</summary>
    public static TheoryData<string, string, (string, string?)[]> EveryKind => new()
    {
        {
            "twinning", "Jumelage avec Kraków",
            [("partner.geonameId", "3094802"), ("signedOn", "1965-03-12"), ("status", "active"),
             ("deliberations[0].reference", "DCM-1965-014"), ("deliberations[0].date", "1965-02-20"), ("committee.name", "Comité de jumelage")]
        },
        {
            "cooperation-project", "Eau potable à Dakar",
            [("title", "Eau potable à Dakar"), ("partners[0].name", "Dakar"), ("partners[0].country", "SN"), ("startOn", "2024-01-01"),
             ("endOn", "2026-12-31"), ("conventionSignedOn", "2024-02-01"), ("dacSectorCode", "14030"),
             ("budgetLines[0].year", "2024"), ("budgetLines[0].amountCents", "1500000"), ("budgetLines[0].funder", "commune")]
        },
        {
            "partnership", "Échanges de jeunes avec Tuchów",
            [("title", "Échanges de jeunes avec Tuchów"), ("partners[0].geonameId", "756634"), ("type", "youth"), ("startOn", "2023-05-01")]
        },
        {
            "honorary-citizenship", "Personne Fictive",
            [("person.name", "Personne Fictive"), ("person.country", "XK"), ("person.role", "journaliste"), ("councilVoteOn", "2022-06-30"),
             ("situation[0].on", "2021-01-15"), ("situation[0].situation", "detained"), ("situation[0].sourceUrl", "https://example.org/source")]
        },
        {
            "network-membership", "C40", [("network", "c40"), ("joinedOn", "2015-11-30"), ("feeCents", "250000")]
        },
        {
            "summit", "COP28", [("eventName", "COP28"), ("place", "Dubaï"), ("startOn", "2023-11-30"), ("endOn", "2023-12-12"), ("role", "observatrice")]
        },
        {
            "world-day", "Journée internationale de la paix 2024", [("worldDay", "paix"), ("year", "2024"), ("actions", "Lâcher de colombes en papier")]
        },
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public async Task The_create_form_of_every_kind_registers_the_engagement_shown_in_the_list(string kind, string title, (string, string?)[] fields)
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = await app.OfficerAsync();
        var form = $"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/{kind}";

        var response = await client.SubmitAsync(form, "form.engagement-form", fields);

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var engagement = Assert.Single(await app.RegisterAsync(SaintJeanDeBraye));
        Assert.Equal(EngagementKinds.FromSlug(kind), engagement.Kind);
        Assert.Equal(title, engagement.Title);
        Assert.Equal($"/espace/engagements/{engagement.Id}", response.Headers.Location?.OriginalString);
        var list = await client.PageAsync($"/espace/communes/{SaintJeanDeBraye}/engagements");
        var row = list.QuerySelectorAll("table.register tbody tr").Single();
        Assert.Equal(title, row.QuerySelector("th a")!.TextContent);
        Assert.Equal(EngagementKinds.Label(engagement.Kind), row.QuerySelectorAll("td")[0].TextContent.Trim());
        Assert.Equal(title, (await client.PageAsync($"/espace/engagements/{engagement.Id}")).QuerySelector("h1")!.TextContent);

        // The edit form shows what was saved: sent back untouched, it passes the same validation.
        var unchanged = await client.SubmitAsync($"/espace/engagements/{engagement.Id}/modifier", "form.engagement-form");
        Assert.True(unchanged.StatusCode == HttpStatusCode.Redirect, await unchanged.Content.ReadAsStringAsync());
        var again = Assert.Single(await app.RegisterAsync(SaintJeanDeBraye));
        Assert.Equal((title, engagement.Status, engagement.StartedOn, engagement.Partners.Count), (again.Title, again.Status, again.StartedOn, again.Partners.Count));
    }

    [Fact]
    public async Task A_word_in_a_number_field_is_refused_next_to_it_in_French()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = await app.OfficerAsync();

        var response = await client.SubmitAsync($"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/twinning", "form.engagement-form",
            ("partner.geonameId", "3094802"), ("deliberations[0].reference", "DCM-1965-014"), ("deliberations[0].date", "1965-02-20"),
            ("deliberations[0].votesFor", "vingt"));

        var page = await response.ParseAsync();
        Assert.Equal("« vingt » n'est pas une valeur valide.", ErrorOf(page, "deliberations-0-votesfor"));
        Assert.Equal("vingt", page.GetElementById("deliberations-0-votesfor")!.GetAttribute("value"));
        Assert.Empty(await app.RegisterAsync(SaintJeanDeBraye));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_twinning_created_in_the_form_keeps_its_partner_deliberation_and_visibility(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var client = await app.OfficerAsync();

        var response = await client.SubmitAsync($"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/twinning", "form.engagement-form",
            ("partner.geonameId", "3094802"), ("signedOn", "1965-03-12"), ("visibility", "internal"), ("themes", "culture"),
            ("deliberations[0].reference", "DCM-1965-014"), ("deliberations[0].date", "1965-02-20"), ("deliberations[0].votesFor", "27"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var twinning = Assert.IsType<Twinning>(Assert.Single(await app.RegisterAsync(SaintJeanDeBraye)));
        var partner = Assert.Single(twinning.Partners);
        Assert.Equal((3094802, "Kraków", "PL"), (partner.GeonameId!.Value, partner.Name, partner.CountryCode));
        Assert.Equal(new DateOnly(1965, 3, 12), twinning.StartedOn);
        Assert.Equal(Visibility.Internal, twinning.Visibility);
        Assert.Equal([Theme.Culture], twinning.Themes);
        var deliberation = Assert.Single(twinning.Deliberations);
        Assert.Equal(("DCM-1965-014", new DateOnly(1965, 2, 20), 27), (deliberation.Reference, deliberation.Date, deliberation.VotesFor!.Value));
        Assert.Equal(EngagementStatus.Proposed, twinning.Status);
    }

    [Fact]
    public async Task An_impossible_date_is_shown_next_to_its_field_and_nothing_is_saved()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = await app.OfficerAsync();

        var response = await client.SubmitAsync($"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/twinning", "form.engagement-form",
            ("partner.geonameId", "3094802"), ("signedOn", "1990-02-31"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("1990-02-31", ErrorOf(page, "signedon"));
        Assert.Equal("true", page.GetElementById("signedon")!.GetAttribute("aria-invalid"));
        var summaryLink = page.QuerySelector(".error-summary a[href='#signedon']");
        Assert.NotNull(summaryLink);
        Assert.StartsWith("Erreur", page.Title);
        Assert.Empty(await app.RegisterAsync(SaintJeanDeBraye));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_end_before_the_start_is_shown_next_to_the_end_date_and_nothing_is_saved(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        using var client = await app.OfficerAsync();

        var response = await client.SubmitAsync($"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/cooperation-project", "form.engagement-form",
            ("title", "Projet"), ("partners[0].geonameId", "2253354"), ("startOn", "2024-06-01"), ("endOn", "2024-01-01"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("précède la date de début", ErrorOf(page, "endon"));
        Assert.NotNull(page.QuerySelector(".error-summary a[href='#endon']"));
        Assert.Empty(await app.RegisterAsync(SaintJeanDeBraye));
    }

    [Fact]
    public async Task A_State_as_partner_of_a_convention_is_refused_citing_L1115_5()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = await app.OfficerAsync();

        // A country code alone names the State itself.
        var response = await client.SubmitAsync($"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/cooperation-project", "form.engagement-form",
            ("title", "Projet avec un État"), ("partners[0].country", "SN"));

        var page = await response.ParseAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("L1115-5", ErrorOf(page, "partners"));
        Assert.NotNull(page.QuerySelector(".error-summary a[href='#partners']"));
        Assert.Empty(await app.RegisterAsync(SaintJeanDeBraye));
    }

    [Fact]
    public async Task An_error_in_the_third_row_is_shown_on_the_third_row_when_the_second_is_empty()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        using var client = await app.OfficerAsync();

        var response = await client.SubmitAsync($"/espace/communes/{SaintJeanDeBraye}/engagements/nouveau/twinning", "form.engagement-form",
            ("partner.geonameId", "3094802"),
            ("deliberations[0].reference", "DCM-1965-014"), ("deliberations[0].date", "1965-02-20"),
            ("deliberations[2].reference", "DCM-1966-001"), ("deliberations[2].date", "1966-13-01"));

        var page = await response.ParseAsync();
        Assert.Contains("1966-13-01", ErrorOf(page, "deliberations-2-date"));
        Assert.Null(ErrorOf(page, "deliberations-1-date"));
        Assert.Equal("DCM-1966-001", page.GetElementById("deliberations-2-reference")!.GetAttribute("value"));
        Assert.Empty(await app.RegisterAsync(SaintJeanDeBraye));
    }

    [Fact]
    public async Task The_edit_form_saves_changes_and_keeps_the_version_in_a_hidden_field()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var id = await app.SeedAsync(SaintJeanDeBraye, Twinning());
        using var client = await app.OfficerAsync();
        var edit = await client.PageAsync($"/espace/engagements/{id}/modifier");
        Assert.Equal("1", edit.QuerySelector("form.engagement-form input[type=hidden][name=version]")!.GetAttribute("value"));
        Assert.Equal("3094802", edit.GetElementById("partner-geonameid")!.GetAttribute("value"));

        var response = await client.SubmitAsync($"/espace/engagements/{id}/modifier", "form.engagement-form",
            ("committee.name", "Comité de jumelage Saint-Jean-de-Braye – Kraków"), ("notes", "Visite prévue en mai."));

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var twinning = Assert.IsType<Twinning>(await app.FindAsync(id));
        Assert.Equal("Comité de jumelage Saint-Jean-de-Braye – Kraków", twinning.CommitteeName);
        Assert.Equal("Visite prévue en mai.", twinning.Notes);
        Assert.Equal(2, twinning.Version);
        Assert.Single(twinning.Deliberations);
        Assert.Equal(EngagementStatus.Active, twinning.Status);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stale_version_shows_what_changed_and_saves_nothing(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var id = await app.SeedAsync(SaintJeanDeBraye, Twinning());
        using var client = await app.OfficerAsync();
        await using (var db = app.OpenDb())
        {
            // Someone else saves after our form was read at version 1.
            var engagement = await db.Engagements.FindAsync(id);
            engagement!.SetNotes("Écrit par ailleurs.");
            await db.SaveChangesAsync();
        }

        var response = await client.SubmitAsync($"/espace/engagements/{id}/modifier", "form.engagement-form",
            ("version", "1"), ("notes", "Ma version."), ("committee.name", "Mon comité"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        var conflict = page.QuerySelector(".conflict")!.TextContent;
        Assert.Contains("Cette fiche a été modifiée par ailleurs depuis que vous l'avez ouverte", conflict);
        Assert.Contains("notes", conflict);
        Assert.Equal("Ma version.", page.GetElementById("notes")!.TextContent);
        Assert.Equal("2", page.QuerySelector("form.engagement-form input[name=version]")!.GetAttribute("value"));
        var twinning = Assert.IsType<Twinning>(await app.FindAsync(id));
        Assert.Equal("Écrit par ailleurs.", twinning.Notes);
        Assert.Null(twinning.CommitteeName);
        Assert.Equal(2, twinning.Version);
    }

    [Fact]
    public async Task An_ended_engagement_offers_only_its_notes_and_saves_them()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var ended = Twinning();
        ended.Status = "ended";
        ended.StatusOn = "2020-02-14";
        ended.StatusReason = "Fin du jumelage.";
        var id = await app.SeedAsync(SaintJeanDeBraye, ended);
        using var client = await app.OfficerAsync();

        var form = (await client.PageAsync($"/espace/engagements/{id}/modifier")).QuerySelector("form.engagement-form")!;
        Assert.Equal(["__RequestVerificationToken", "notes", "version"],
            form.QuerySelectorAll("[name]").Select(e => e.GetAttribute("name")!).Order(StringComparer.Ordinal));

        var response = await client.SubmitAsync($"/espace/engagements/{id}/modifier", "form.engagement-form", ("notes", "Archives déposées."));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var twinning = await app.FindAsync(id);
        Assert.Equal("Archives déposées.", twinning!.Notes);
        Assert.Equal(EngagementStatus.Ended, twinning.Status);
    }

    [Fact]
    public async Task The_confidential_fields_are_in_a_marked_fieldset_and_can_be_erased()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var id = await app.SeedAsync(SaintJeanDeBraye, new HonoraryCitizenshipInput
        {
            Person = new PersonInput { Name = "Personne Fictive" }, ConfidentialNotes = "CANARY-7f3c", ConfidentialContacts = "avocat",
        });
        using var client = await app.OfficerAsync();

        var edit = await client.PageAsync($"/espace/engagements/{id}/modifier");
        var fieldset = edit.QuerySelector("fieldset.confidential")!;
        Assert.Equal("Confidentiel — jamais publié", fieldset.QuerySelector("legend")!.TextContent.Trim());
        Assert.Equal("CANARY-7f3c", fieldset.QuerySelector("textarea[name=confidentialNotes]")!.TextContent);

        var response = await client.SubmitAsync($"/espace/engagements/{id}/modifier", "form.engagement-form", ("confidentialNotes", ""));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var citizenship = Assert.IsType<HonoraryCitizenship>(await app.FindAsync(id));
        Assert.Null(citizenship.ConfidentialNotes);
        Assert.Equal("avocat", citizenship.ConfidentialContacts);
    }
}
