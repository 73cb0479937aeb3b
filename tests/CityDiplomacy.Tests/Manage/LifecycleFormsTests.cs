using System.Net;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using static CityDiplomacy.Tests.Manage.Forms;

namespace CityDiplomacy.Tests.Manage;

public sealed class LifecycleFormsTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_officer_suspends_then_resumes_a_twinning_on_a_new_deliberation_then_ends_it(string provider)
    {
        await using var app = await TestApp.SharedAsync(provider);
        var id = await app.SeedAsync(SaintJeanDeBraye, Twinning(756634));
        using var client = await app.OfficerAsync();
        var details = $"/espace/engagements/{id}";

        var suspended = await client.SubmitAsync(details, "form#suspend", ("suspend.reason", "Résolution contre « l'idéologie LGBT »."), ("suspend.on", "2020-02-14"));
        Assert.Equal(HttpStatusCode.Redirect, suspended.StatusCode);
        var page = await client.PageAsync(details);
        Assert.Equal("L'engagement est suspendu.", page.QuerySelector("p.success")!.TextContent);
        Assert.Contains("Statut : suspendu", page.QuerySelector("ol.timeline")!.TextContent);
        Assert.Null(page.QuerySelector("form#suspend"));

        await AttachDeliberationAsync(app, id, "DCM-2024-031", new DateOnly(2024, 3, 28));
        var resumed = await client.SubmitAsync(details, "form#resume", ("resume.on", "2024-04-01"), ("resume.deliberation", "DCM-2024-031"));
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.Equal(EngagementStatus.Active, (await app.FindAsync(id))!.Status);

        var ended = await client.SubmitAsync(details, "form#end", ("end.reason", "Fin d'un commun accord."), ("end.on", "2025-06-30"));
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        var twinning = await app.FindAsync(id);
        Assert.Equal((EngagementStatus.Ended, new DateOnly(2025, 6, 30), "Fin d'un commun accord."), (twinning!.Status, twinning.EndedOn!.Value, twinning.StatusReason!));
        var last = await client.PageAsync(details);
        Assert.Empty(last.QuerySelectorAll("form.lifecycle"));
        Assert.Equal("Modifier les notes", last.QuerySelector($"a[href='{details}/modifier']")!.TextContent);
    }

    [Fact]
    public async Task Suspending_without_a_reason_shows_the_error_next_to_the_reason()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var id = await app.SeedAsync(SaintJeanDeBraye, Twinning());
        using var client = await app.OfficerAsync();

        var response = await client.SubmitAsync($"/espace/engagements/{id}", "form#suspend", ("suspend.on", "2020-02-14"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Equal("Le motif de la suspension est obligatoire.", ErrorOf(page, "suspend-reason"));
        Assert.Equal("2020-02-14", page.GetElementById("suspend-on")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector(".error-summary a[href='#suspend-reason']"));
        Assert.Equal(EngagementStatus.Active, (await app.FindAsync(id))!.Status);
    }

    [Fact]
    public async Task Resuming_a_suspension_without_a_new_deliberation_is_refused_with_the_reason()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var suspended = Twinning();
        suspended.Status = "suspended";
        suspended.StatusOn = "2020-02-14";
        suspended.StatusReason = "Suspension.";
        var id = await app.SeedAsync(SaintJeanDeBraye, suspended);
        using var client = await app.OfficerAsync();

        // DCM-1965-014 is attached, but it predates the suspension.
        var response = await client.SubmitAsync($"/espace/engagements/{id}", "form#resume", ("resume.on", "2021-01-10"), ("resume.deliberation", "DCM-1965-014"));

        var page = await response.ParseAsync();
        Assert.Contains("précède la suspension", ErrorOf(page, "resume-deliberation"));
        Assert.Equal(EngagementStatus.Suspended, (await app.FindAsync(id))!.Status);
    }

    [Fact]
    public async Task Ending_with_an_impossible_date_is_refused_next_to_the_date()
    {
        await using var app = await TestApp.SharedAsync("sqlite");
        var id = await app.SeedAsync(SaintJeanDeBraye, Twinning());
        using var client = await app.OfficerAsync();

        var response = await client.SubmitAsync($"/espace/engagements/{id}", "form#end", ("end.reason", "Fin."), ("end.on", "2023-02-29"));

        var page = await response.ParseAsync();
        Assert.Contains("2023-02-29", ErrorOf(page, "end-on"));
        Assert.Equal(EngagementStatus.Active, (await app.FindAsync(id))!.Status);
    }

    private static async Task AttachDeliberationAsync(TestApp app, Guid id, string reference, DateOnly date)
    {
        await using var db = app.OpenDb();
        var engagement = await db.Engagements.FindAsync(id);
        engagement!.ReplaceDeliberations([.. engagement.Deliberations, new Deliberation { Reference = reference, Date = date }]);
        await db.SaveChangesAsync();
    }
}
