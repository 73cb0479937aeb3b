using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Manage.Communes;

/// <summary>
/// « À vérifier »: the records national directories reported for the commune, each with the forms to confirm it (with
/// the status the commune knows) or dismiss it (« ce jumelage n'existe pas ou plus ») — the same inputs and entity
/// rules as <c>POST /api/engagements/{id}/confirm</c> and <c>/dismiss</c>, with the version read (antiforgery, no script).
/// </summary>
[Authorize]
public sealed class ReviewModel(AppDb db, CommuneAccess access, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public string Insee { get; private set; } = "";
    public string CommuneName { get; private set; } = "";
    public bool CanEdit { get; private set; }
    public IReadOnlyList<Engagement> Reported { get; private set; } = [];
    public IReadOnlyList<Engagement> Dismissed { get; private set; } = [];
    public string? Done { get; private set; }
    /// <summary>The record whose form came back with errors, which form, and what was typed.</summary>
    public Guid? Failed { get; private set; }
    public string? FailedForm { get; private set; }
    public ConfirmForm PostedConfirm { get; private set; } = new();
    public DismissForm PostedDismiss { get; private set; } = new();

    public sealed class ConfirmForm
    {
        public Guid Id { get; set; }
        public int Version { get; set; }
        public string? Status { get; set; } = "active";
        public string? SignedOn { get; set; }
        public string? DeliberationReference { get; set; }
        public string? DeliberationDate { get; set; }
        public string? Note { get; set; }

        public ConfirmInput ToInput() => new()
        {
            Status = Status, SignedOn = SignedOn, Note = Note,
            Deliberation = string.IsNullOrWhiteSpace(DeliberationReference) && string.IsNullOrWhiteSpace(DeliberationDate)
                ? null : new DeliberationReferenceInput { Reference = DeliberationReference, Date = DeliberationDate },
        };
    }

    public sealed class DismissForm
    {
        public Guid Id { get; set; }
        public int Version { get; set; }
        public string? Reason { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string insee, string? done, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(insee, cancellationToken) is { } refused) return refused;
        Done = done;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostConfirmAsync(string insee, [FromForm] ConfirmForm form, CancellationToken cancellationToken)
    {
        PostedConfirm = form;
        return ChangeAsync(insee, "confirm", form.Id, form.Version, form.ToInput().Validate(),
            (engagement, today) => form.ToInput().Apply(engagement, today), cancellationToken);
    }

    public Task<IActionResult> OnPostDismissAsync(string insee, [FromForm] DismissForm form, CancellationToken cancellationToken)
    {
        PostedDismiss = form;
        var input = new DismissInput { Reason = form.Reason };
        return ChangeAsync(insee, "dismiss", form.Id, form.Version, input.Validate(), (engagement, today) => input.Apply(engagement, today), cancellationToken);
    }

    public string? ErrorFor(string field) => ModelState.ErrorFor(field);

    private async Task<IActionResult> ChangeAsync(string insee, string which, Guid id, int version, InputErrors errors,
        Action<Engagement, DateOnly> change, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(insee, cancellationToken) is { } refused) return refused;
        if (!CanEdit) return Workspace.Denied(access);
        var engagement = await db.FindEngagementAsync(id, cancellationToken);
        if (engagement is null || engagement.CommuneCode != Insee) return NotFound();
        Failed = id;
        FailedForm = which;
        foreach (var (field, messages) in errors)
            foreach (var message in messages)
                ModelState.AddModelError(field, message);
        if (engagement.Version != version)
            ModelState.AddModelError("", l["Cette entrée a été modifiée par ailleurs depuis que vous l'avez ouverte : rien n'a été enregistré. Relisez-la puis recommencez."]);
        if (ModelState.IsValid)
        {
            try
            {
                change(engagement, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
                await db.SaveChangesAsync(cancellationToken);
                await HttpContext.RequestServices.GetRequiredService<Screening.ScreeningService>().ScreenAfterWriteAsync(engagement, cancellationToken);
                return Redirect($"/espace/communes/{Insee}/a-verifier?done={which}");
            }
            catch (DomainRuleException rule)
            {
                ModelState.AddModelError(rule.Field, rule.Message);
            }
            catch (DbUpdateConcurrencyException)
            {
                ModelState.AddModelError("", l["Cette entrée a été modifiée par ailleurs depuis que vous l'avez ouverte : rien n'a été enregistré. Relisez-la puis recommencez."]);
            }
        }
        db.ChangeTracker.Clear();
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<IActionResult?> PrepareAsync(string insee, CancellationToken cancellationToken)
    {
        Insee = insee.ToUpperInvariant();
        if (!await access.CanReadInternalAsync(Insee, cancellationToken)) return Workspace.Denied(access);
        if (await db.CommuneNameAsync(Insee, cancellationToken) is not { } name) return NotFound();
        CommuneName = name;
        CanEdit = await access.CanEditAsync(Insee, cancellationToken);
        return null;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var records = await db.Engagements.AsNoTracking()
            .Where(e => e.CommuneCode == Insee && e.Provenance != Provenance.Commune)
            .ToListAsync(cancellationToken);
        var byTitle = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), ignoreCase: true);
        Reported = records.Where(e => !e.IsDismissed).OrderBy(e => e.Title, byTitle).ToList();
        Dismissed = records.Where(e => e.IsDismissed).OrderByDescending(e => e.DismissedOn).ThenBy(e => e.Title, byTitle).ToList();
    }
}
