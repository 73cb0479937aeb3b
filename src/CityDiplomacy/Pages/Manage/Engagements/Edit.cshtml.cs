using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Places;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Manage.Engagements;

/// <summary>
/// Edits an engagement through the API's input and rules. The form carries the version it was read at: a newer one
/// means someone else saved in between, and nothing is saved until the user has seen what changed.
/// </summary>
[Authorize]
public sealed class EditModel(AppDb db, CommuneAccess access, PlaceIndex places, IStringLocalizer<SharedResource> l)
    : EngagementFormModel(db, places)
{
    /// <summary>The version the form was read at.</summary>
    [BindProperty(Name = "version")]
    public int? Version { get; set; }

    /// <summary>Set when the engagement changed since the form was read: the fields (the form's names) that changed.</summary>
    public IReadOnlyList<string>? Conflict { get; private set; }
    public IReadOnlyList<EngagementChange> ConflictingChanges { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(id, tracked: false, cancellationToken) is { } refused) return refused;
        Input = EngagementInput.For(Existing!);
        if (Existing is HonoraryCitizenship citizenship)
        {
            // The edit form is for people who may read them: shown so they can be corrected (the API never returns them).
            var input = (HonoraryCitizenshipInput)Input;
            input.ConfidentialNotes = citizenship.ConfidentialNotes;
            input.ConfidentialContacts = citizenship.ConfidentialContacts;
        }
        Version = Existing!.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(id, tracked: true, cancellationToken) is { } refused) return refused;
        var engagement = Existing!;
        Input = NotesOnly ? NotesOf(engagement, Request.Form["notes"]) : await BindAsync(engagement.Kind);
        ClearedConfidentialFields();

        if (Version != engagement.Version)
        {
            // The form now carries the current version: sending it again, knowingly, replaces what changed.
            (Conflict, ConflictingChanges) = await EngagementChanges.SinceAsync(Db, engagement, Version ?? 0, cancellationToken);
            ModelState.Remove("version");
            Version = engagement.Version;
            ModelState.AddModelError("", l["Cette fiche a été modifiée par ailleurs depuis que vous l'avez ouverte : rien n'a été enregistré."]);
            return Page();
        }

        if (Validated() is not { } input) return Page();
        try
        {
            await input.ApplyToAsync(engagement, Db, Places, cancellationToken);
            // Correcting a record a directory reported is confirming it (as PUT /api/engagements/{id} does).
            engagement.ConfirmByEdit(DateOnly.FromDateTime(HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime));
            await Db.SaveChangesAsync(cancellationToken);
            await HttpContext.RequestServices.GetRequiredService<Screening.ScreeningService>().ScreenAfterWriteAsync(engagement, cancellationToken);
            TempData[nameof(DetailsModel.Done)] = "Saved";
            return Redirect($"/espace/engagements/{engagement.Id}");
        }
        catch (DomainRuleException rule)
        {
            Report(rule);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Saved by someone else between our read and our write.
            ModelState.AddModelError("", l["Cette fiche a été modifiée par ailleurs depuis que vous l'avez ouverte : rien n'a été enregistré. Rechargez-la."]);
            return Page();
        }
    }

    /// <summary>« Chercher » a partner: the form again, as typed (its version kept), with the places its name may mean.</summary>
    public async Task<IActionResult> OnPostSearchAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(id, tracked: false, cancellationToken) is { } refused) return refused;
        Input = NotesOnly ? NotesOf(Existing!, Request.Form["notes"]) : await BindAsync(Existing!.Kind);
        await SearchPartnersAsync(cancellationToken);
        return Page();
    }

    /// <summary>An ended engagement: the input that leaves everything as it is but the notes.</summary>
    private static EngagementInput NotesOf(Engagement engagement, string? notes)
    {
        var input = EngagementInput.For(engagement);
        input.Notes = notes;
        return input;
    }

    /// <summary>
    /// A confidential field emptied in the form is to be erased: for the input, an absent field keeps its value and
    /// an empty one erases it, while the form binder turns an empty field into an absent one.
    /// </summary>
    private void ClearedConfidentialFields()
    {
        if (Input is not HonoraryCitizenshipInput input) return;
        if (Request.Form.TryGetValue("confidentialNotes", out var notes) && string.IsNullOrWhiteSpace(notes)) input.ConfidentialNotes = "";
        if (Request.Form.TryGetValue("confidentialContacts", out var contacts) && string.IsNullOrWhiteSpace(contacts)) input.ConfidentialContacts = "";
    }

    private async Task<IActionResult?> PrepareAsync(Guid id, bool tracked, CancellationToken cancellationToken)
    {
        var engagement = await Db.EngagementAsync(id, tracked, cancellationToken);
        if (engagement is null) return NotFound();
        if (!await access.CanEditAsync(engagement.CommuneCode, cancellationToken)) return Workspace.Denied(access);
        Existing = engagement;
        Insee = engagement.CommuneCode;
        CommuneName = await Db.CommuneNameAsync(Insee, cancellationToken) ?? Insee;
        Input = EngagementInput.Blank(engagement.Kind);
        await LoadCataloguesAsync(cancellationToken);
        return null;
    }
}
