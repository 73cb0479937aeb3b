using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Evidence;
using CityDiplomacy.Places;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Manage.Alerts;

/// <summary>
/// Creates or edits a local alert: the place goes through the resolver, and when it is not resolved with certainty
/// the form comes back with its candidates to pick from. An edit carries the version it was read at: a newer one
/// means someone else saved in between, and nothing is saved.
/// </summary>
[Authorize]
public abstract class AlertFormModel(AppDb db, CommuneAccess access, PlaceIndex places, TimeProvider time, IStringLocalizer<SharedResource> l)
    : PageModel
{
    [BindProperty(Name = "level")] public string? Level { get; set; }
    [BindProperty(Name = "country")] public string? Country { get; set; }
    [BindProperty(Name = "place")] public string? Place { get; set; }
    [BindProperty(Name = "geonameId")] public int? GeonameId { get; set; }
    [BindProperty(Name = "admin1Code")] public string? Admin1Code { get; set; }
    [BindProperty(Name = "type")] public string? Type { get; set; }
    [BindProperty(Name = "title")] public string? Title { get; set; }
    [BindProperty(Name = "adoptedOn")] public string? AdoptedOn { get; set; }
    [BindProperty(Name = "repealedOn")] public string? RepealedOn { get; set; }
    [BindProperty(Name = "sourceName")] public string? SourceName { get; set; }
    [BindProperty(Name = "sourceUrl")] public string? SourceUrl { get; set; }
    [BindProperty(Name = "note")] public string? Note { get; set; }
    [BindProperty(Name = "version")] public int? Version { get; set; }

    public LocalAlert? Existing { get; protected set; }
    public IReadOnlyList<PlaceCandidate> Candidates { get; private set; } = [];
    public bool Conflict { get; private set; }

    protected AppDb Db => db;
    protected IStringLocalizer<SharedResource> L => l;

    protected Task<bool> AllowedAsync(CancellationToken cancellationToken) => access.CanMaintainEvidenceAsync(cancellationToken);

    protected IActionResult Denied() => Workspace.Denied(access);

    protected void Fill(LocalAlert alert)
    {
        var input = AlertInput.For(alert);
        (Level, Country, Place, GeonameId, Admin1Code, Type, Title) =
            (input.Level, input.Country, input.Place, input.GeonameId, input.Admin1Code, input.Type, input.Title);
        (AdoptedOn, RepealedOn, SourceName, SourceUrl, Note, Version) =
            (input.AdoptedOn, input.RepealedOn, input.SourceName, input.SourceUrl, input.Note, alert.Version);
    }

    /// <summary>Checks the form and applies it to <paramref name="alert"/>; false (with the errors in the model state) when it cannot be saved.</summary>
    protected async Task<bool> ApplyAsync(LocalAlert alert, bool isNew, CancellationToken cancellationToken)
    {
        if (!isNew && Version != alert.Version)
        {
            Conflict = true;
            ModelState.Remove("version");
            Version = alert.Version;
            ModelState.AddModelError("", l["Cette alerte a été modifiée par ailleurs depuis que vous l'avez ouverte : rien n'a été enregistré."]);
            return false;
        }
        var resolver = await places.GetResolverAsync(cancellationToken);
        var input = new AlertInput
        {
            Level = Level, Country = Country, Place = Place, GeonameId = GeonameId, Admin1Code = Admin1Code, Type = Type, Title = Title,
            AdoptedOn = AdoptedOn, RepealedOn = RepealedOn, SourceName = SourceName, SourceUrl = SourceUrl, Note = Note,
        };
        var result = input.Check(resolver);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors) ModelState.AddModelError(error.Field, error.Message);
            Candidates = result.Candidates;
            return false;
        }
        input.ApplyTo(alert, result.Alert!, time.GetUtcNow().UtcDateTime);
        if (isNew) alert.Version = 1;
        else alert.Version++;
        return true;
    }

    protected async Task<IActionResult> SaveAsync(LocalAlert alert, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            // New or corrected evidence: every engagement is screened again at once.
            await HttpContext.RequestServices.GetRequiredService<Screening.ScreeningService>()
                .ScreenAsync(Screening.ScreeningScope.All, cancellationToken);
            TempData["AlertSaved"] = alert.Title;
            return Redirect("/espace/alertes?country=" + Uri.EscapeDataString(alert.CountryCode));
        }
        catch (DbUpdateConcurrencyException)
        {
            Conflict = true;
            ModelState.AddModelError("", l["Cette alerte a été modifiée par ailleurs depuis que vous l'avez ouverte : rien n'a été enregistré. Rechargez-la."]);
            return Page();
        }
    }
}

public sealed class CreateModel(AppDb db, CommuneAccess access, PlaceIndex places, TimeProvider time, IStringLocalizer<SharedResource> l)
    : AlertFormModel(db, access, places, time, l)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await AllowedAsync(cancellationToken)) return Denied();
        Level ??= "place";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await AllowedAsync(cancellationToken)) return Denied();
        var alert = new LocalAlert { Level = AlertLevel.Country, CountryCode = "", Type = "", Title = "", SourceName = "", SourceUrl = "" };
        if (!await ApplyAsync(alert, isNew: true, cancellationToken)) return Page();
        Db.LocalAlerts.Add(alert);
        return await SaveAsync(alert, cancellationToken);
    }
}

public sealed class EditModel(AppDb db, CommuneAccess access, PlaceIndex places, TimeProvider time, IStringLocalizer<SharedResource> l)
    : AlertFormModel(db, access, places, time, l)
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await AllowedAsync(cancellationToken)) return Denied();
        Existing = await Db.LocalAlerts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (Existing is null) return NotFound();
        Fill(Existing);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await AllowedAsync(cancellationToken)) return Denied();
        Existing = await Db.LocalAlerts.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (Existing is null) return NotFound();
        if (!await ApplyAsync(Existing, isNew: false, cancellationToken)) return Page();
        return await SaveAsync(Existing, cancellationToken);
    }
}
