using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Manage.Engagements;

/// <summary>One engagement in the workspace: its fields, its timeline, and the lifecycle actions (suspend, resume, end).</summary>
[Authorize]
public sealed class DetailsModel(AppDb db, CommuneAccess access, IStringLocalizer<SharedResource> l) : PageModel
{
    public enum Lifecycle { Suspend, Resume, End }

    public enum Moment { Status, Deliberation, Activity, Situation }

    /// <summary>A dated moment of the engagement; <paramref name="DayUnknown"/>: only the month and year are known.</summary>
    public sealed record TimelineItem(DateOnly? On, Moment What, string Title, string? Text, string? Url, bool DayUnknown = false);

    public Engagement Engagement { get; private set; } = null!;
    public string CommuneName { get; private set; } = "";
    public bool CanEdit { get; private set; }
    public IReadOnlyList<TimelineItem> Timeline { get; private set; } = [];
    /// <summary>The action whose form was posted and refused, to show its errors and keep what was typed.</summary>
    public Lifecycle? Failed { get; private set; }
    public TransitionInput Posted { get; private set; } = new();
    /// <summary>The action just done, announced at the top of the page.</summary>
    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? Page();

    // The API's own input and its actions: the same validation and the same rules as POST /api/engagements/{id}/suspend…
    public Task<IActionResult> OnPostSuspendAsync(Guid id, [Bind(Prefix = "suspend")] TransitionInput form, CancellationToken cancellationToken) =>
        ChangeAsync(id, Lifecycle.Suspend, form, form.Suspend, cancellationToken);

    public Task<IActionResult> OnPostResumeAsync(Guid id, [Bind(Prefix = "resume")] TransitionInput form, CancellationToken cancellationToken) =>
        ChangeAsync(id, Lifecycle.Resume, form, form.Resume, cancellationToken);

    public Task<IActionResult> OnPostEndAsync(Guid id, [Bind(Prefix = "end")] TransitionInput form, CancellationToken cancellationToken) =>
        ChangeAsync(id, Lifecycle.End, form, form.End, cancellationToken);

    public static string Prefix(Lifecycle action) => action.ToString().ToLowerInvariant();

    // A record a directory reported has no lifecycle until the commune confirms it (« À vérifier »).
    public bool Offers(Lifecycle action) => CanEdit && Engagement.Status != EngagementStatus.Reported && action switch
    {
        Lifecycle.Suspend => Engagement.Status is EngagementStatus.Proposed or EngagementStatus.Active or EngagementStatus.Dormant,
        Lifecycle.Resume => Engagement.Status is EngagementStatus.Suspended or EngagementStatus.Dormant,
        _ => Engagement.Status != EngagementStatus.Ended,
    };

    private async Task<IActionResult> ChangeAsync(Guid id, Lifecycle action, TransitionInput form, Action<Engagement> change,
        CancellationToken cancellationToken)
    {
        var engagement = await db.EngagementAsync(id, tracked: true, cancellationToken);
        if (engagement is null) return NotFound();
        if (!await access.CanEditAsync(engagement.CommuneCode, cancellationToken)) return Workspace.Denied(access);

        var prefix = Prefix(action);
        foreach (var (field, messages) in form.Validate())
            foreach (var message in messages)
                ModelState.AddModelError($"{prefix}.{field}", message);
        if (ModelState.IsValid)
        {
            try
            {
                change(engagement);
                await db.SaveChangesAsync(cancellationToken);
                await HttpContext.RequestServices.GetRequiredService<Screening.ScreeningService>().ScreenAfterWriteAsync(engagement, cancellationToken);
                Done = action.ToString();
                return RedirectToPage(new { id });
            }
            catch (DomainRuleException rule)
            {
                // « status » is not a field of the form: an error of the whole page (the form may no longer be offered).
                ModelState.AddModelError(rule.Field is "status" ? "" : $"{prefix}.{rule.Field}", rule.Message);
            }
            catch (DbUpdateConcurrencyException)
            {
                ModelState.AddModelError("", l["Cette fiche a été modifiée par ailleurs depuis que vous l'avez ouverte : rechargez-la."]);
            }
        }
        Failed = action;
        Posted = form;
        db.ChangeTracker.Clear();
        return await LoadAsync(id, cancellationToken) ?? Page();
    }

    /// <summary>Loads the page's data; a result when the page must not be shown.</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var engagement = await db.EngagementAsync(id, tracked: false, cancellationToken);
        if (engagement is null) return NotFound();
        if (!await access.CanReadInternalAsync(engagement.CommuneCode, cancellationToken)) return Workspace.Denied(access);
        Engagement = engagement;
        CanEdit = await access.CanEditAsync(engagement.CommuneCode, cancellationToken);
        CommuneName = await db.CommuneNameAsync(engagement.CommuneCode, cancellationToken) ?? engagement.CommuneCode;
        Timeline = BuildTimeline(engagement);
        return null;
    }

    private static List<TimelineItem> BuildTimeline(Engagement engagement)
    {
        var items = new List<TimelineItem>();
        items.AddRange(engagement.StatusHistory.Select(s =>
            new TimelineItem(s.On, Moment.Status, EngagementStatuses.Label(s.Status),
                string.Join(" — ", new[] { s.Reason, s.DeliberationReference }.OfType<string>()), null)));
        items.AddRange(engagement.Deliberations.Select(d =>
            new TimelineItem(d.Date, Moment.Deliberation, d.Reference, d.Subject, d.Url)));
        items.AddRange(engagement.Activities.Select(a =>
            new TimelineItem(a.On, Moment.Activity, a.Kind, a.Description, a.Url)));
        if (engagement is HonoraryCitizenship honorary)
            items.AddRange(honorary.Situation.Select(s =>
                new TimelineItem(s.On, Moment.Situation, Display.Label(s.Situation), s.Summary, s.SourceUrl, s.DayUnknown)));
        // Undated items (an initial status recorded without a date) come first, then in date order.
        return items.OrderBy(i => i.On ?? DateOnly.MinValue).ThenBy(i => i.What).ToList();
    }
}
