using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CityDiplomacy.Accounts;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Manage;

/// <summary>The workspace seen through HTTP: pages parsed with AngleSharp, forms submitted as a browser would.</summary>
public static class Forms
{
    public const string SaintJeanDeBraye = "45284";
    public const string NogentSurOise = "60463";
    public const string Officer = "ri@saint-jean-de-braye.fr";

    /// <summary>A signed-in officer of Saint-Jean-de-Braye.</summary>
    public static async Task<HttpClient> OfficerAsync(this TestApp app, string email = Officer, string commune = SaintJeanDeBraye)
    {
        await app.CreateUserAsync(email, Roles.Officer, commune);
        return await app.SignInAsync(email);
    }

    public static async Task<IDocument> PageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} → {(int)response.StatusCode}");
        return await TestApp.ParseAsync(await response.Content.ReadAsStringAsync());
    }

    public static async Task<IDocument> ParseAsync(this HttpResponseMessage response) =>
        await TestApp.ParseAsync(await response.Content.ReadAsStringAsync());

    /// <summary>
    /// GETs <paramref name="url"/> and submits its form <paramref name="formSelector"/> with what it holds (filled
    /// fields, checked boxes, selected options, hidden fields and the antiforgery token), each of
    /// <paramref name="changes"/> replacing the field of that name (a null value leaves it out).
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string url, string formSelector,
        params (string Name, string? Value)[] changes)
    {
        var page = await client.PageAsync(url);
        var form = page.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"{formSelector} absent de {url}");
        var fields = Values(form).Where(f => changes.All(c => !string.Equals(c.Name, f.Key, StringComparison.OrdinalIgnoreCase))).ToList();
        fields.AddRange(changes.Where(c => c.Value is not null).Select(c => new KeyValuePair<string, string>(c.Name, c.Value!)));
        Assert.Contains(fields, f => f.Key == "__RequestVerificationToken");
        var action = form.GetAttribute("action") is { Length: > 0 } target ? target : url;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>The name/value pairs a browser sends for the form.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Values(IHtmlFormElement form)
    {
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name)) continue;
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                    if (box.IsChecked) yield return new(name, box.Value);
                    break;
                case IHtmlInputElement input:
                    yield return new(name, input.Value);
                    break;
                case IHtmlTextAreaElement area:
                    yield return new(name, area.Value);
                    break;
                case IHtmlSelectElement select:
                    var option = select.Options.FirstOrDefault(o => o.IsSelected) ?? select.Options.FirstOrDefault();
                    if (option is not null) yield return new(name, option.Value);
                    break;
            }
        }
    }

    /// <summary>An engagement saved through the API's input, as a script would.</summary>
    public static async Task<Guid> SeedAsync(this TestApp app, string commune, EngagementInput input)
    {
        await using var db = app.OpenDb();
        var engagement = await input.CreateAsync(commune, db);
        db.Engagements.Add(engagement);
        await db.SaveChangesAsync();
        return engagement.Id;
    }

    public static async Task<Engagement?> FindAsync(this TestApp app, Guid id)
    {
        await using var db = app.OpenDb();
        return await db.Engagements.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id);
    }

    public static async Task<List<Engagement>> RegisterAsync(this TestApp app, string commune)
    {
        await using var db = app.OpenDb();
        return await db.Engagements.AsNoTracking().Where(e => e.CommuneCode == commune).ToListAsync();
    }

    public static TwinningInput Twinning(int geonameId = 3094802, string visibility = "public") => new()
    {
        Partner = new PartnerInput { GeonameId = geonameId },
        SignedOn = "1965-03-12",
        Visibility = visibility,
        Status = "active",
        Deliberations = [new DeliberationInput { Reference = "DCM-1965-014", Date = "1965-02-20" }],
    };

    /// <summary>The text of the error shown next to the field <paramref name="id"/>, named by its aria-describedby.</summary>
    public static string? ErrorOf(IDocument page, string id)
    {
        var field = page.GetElementById(id) ?? throw new InvalidOperationException($"#{id} absent");
        var described = (field.GetAttribute("aria-describedby") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return described.Select(page.GetElementById).OfType<IElement>().Where(e => e.ClassList.Contains("error"))
            .Select(e => e.TextContent.Trim()).FirstOrDefault();
    }
}
