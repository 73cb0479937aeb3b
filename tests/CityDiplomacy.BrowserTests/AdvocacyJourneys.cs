using CityDiplomacy.Accounts;
using CityDiplomacy.Campaigns;
using CityDiplomacy.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CityDiplomacy.BrowserTests;

/// <summary>An advocacy campaign as its three people live it: the head of list, the monitor, the citizen.</summary>
public sealed class AdvocacyJourneys(RunningApp app, Browser browser) : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    /// <summary>The campaign journey's commune: no other journey uses it.</summary>
    private const string Lyon = "69123";

    private readonly List<IBrowserContext> _contexts = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.DisposeAsync();
    }

    [Fact]
    public async Task Head_of_list_answers_through_the_link_a_monitor_publishes_and_the_citizen_reads_it()
    {
        var listName = $"Lyon en commun {Guid.NewGuid():N}"[..24];
        var token = await AddListWithAnswerLinkAsync(listName);

        // The head of list, without an account.
        var head = await NewPageAsync();
        await head.GotoAsync($"/reponse/{token}");
        await Expect(head.Locator("h1")).ToContainTextAsync("Répondre à la campagne");
        var m4 = head.GetByRole(AriaRole.Group, new() { Name = "M4" });
        await m4.GetByLabel("s'engage", new() { Exact = true }).CheckAsync();
        await m4.GetByLabel("Commentaire (facultatif)").FillAsync("Une citoyenneté d'honneur dès la première année.");
        await head.GetByRole(AriaRole.Button, new() { Name = "Envoyer les réponses" }).ClickAsync();
        await Expect(head.GetByRole(AriaRole.Status)).ToContainTextAsync("vos réponses sont enregistrées");

        // Not public yet.
        var citizen = await NewPageAsync();
        await citizen.GotoAsync($"/communes/{Lyon}/campagnes/{CampaignTemplate.Slug}");
        var list = citizen.Locator("section.candidate-list", new() { HasText = listName });
        await Expect(list).ToContainTextAsync("Pas de réponse publiée");
        await Expect(list).Not.ToContainTextAsync("dès la première année");

        // A monitor publishes the draft from the desk.
        var email = $"veille-{Guid.NewGuid():N}@ong.fr";
        await CreateMonitorAsync(email);
        var monitor = await NewPageAsync();
        await monitor.GotoAsync("/connexion");
        await monitor.GetByLabel("Adresse électronique").FillAsync(email);
        await monitor.GetByLabel("Mot de passe").FillAsync(Password);
        await monitor.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await monitor.GetByRole(AriaRole.Link, new() { Name = "Diplomatie des villes et droits humains", Exact = false }).ClickAsync();
        var row = monitor.Locator("tr", new() { HasText = listName });
        await row.GetByRole(AriaRole.Button, new() { Name = "Publier" }).ClickAsync();
        await Expect(monitor.GetByRole(AriaRole.Status)).ToContainTextAsync("Publié");

        // The citizen now reads it, beside every other list of the commune.
        await citizen.ReloadAsync();
        await Expect(list).ToContainTextAsync("s'engage");
        await Expect(list).ToContainTextAsync("Une citoyenneté d'honneur dès la première année.");
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.NewContextAsync(app);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>A list of Lyon in the shipped template, whose closing date is set, and its private answer link's token.</summary>
    private async Task<string> AddListWithAnswerLinkAsync(string listName)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        var now = DateTime.UtcNow;
        var campaign = await db.Campaigns.SingleAsync(c => c.Slug == CampaignTemplate.Slug);
        if (campaign.ClosesOn is null)
            campaign.Describe(campaign.Title, campaign.Organiser, campaign.Election, campaign.Description, campaign.Status,
                DateOnly.FromDateTime(now).AddYears(1), campaign.IsTemplate, now);
        var list = new CandidateList(campaign.Id, Lyon, listName, "Camille Exemple", null, "test", now);
        db.CandidateLists.Add(list);
        var token = list.IssueAnswerToken(campaign, now);
        await db.SaveChangesAsync();
        return token;
    }

    private async Task CreateMonitorAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var user = new User { UserName = email, Email = email };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, Roles.Monitor)).Succeeded);
    }
}
