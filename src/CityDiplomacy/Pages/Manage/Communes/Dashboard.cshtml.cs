using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CityDiplomacy.Pages.Manage.Communes;

/// <summary>A commune's register at a glance: counts per kind and status, and what needs attention.</summary>
[Authorize]
public sealed class DashboardModel(AppDb db, CommuneAccess access) : PageModel
{
    public enum Attention { AwaitingRegularisation, Suspended, NotTransmittedToPrefect }

    public sealed record ToDo(Engagement Engagement, Attention Why);

    public string Insee { get; private set; } = "";
    public string CommuneName { get; private set; } = "";
    public bool CanEdit { get; private set; }
    public IReadOnlyList<Engagement> Engagements { get; private set; } = [];
    public IReadOnlyList<ToDo> ToDos { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string insee, CancellationToken cancellationToken)
    {
        Insee = insee.ToUpperInvariant();
        if (!await access.CanReadInternalAsync(Insee, cancellationToken)) return Workspace.Denied(access);
        if (await db.CommuneNameAsync(Insee, cancellationToken) is not { } name) return NotFound();
        CommuneName = name;
        CanEdit = await access.CanEditAsync(Insee, cancellationToken);
        Engagements = await db.RegisterAsync(Insee, cancellationToken);
        ToDos = Engagements.SelectMany(NeedsAttention).ToList();
        return Page();
    }

    public int Count(EngagementKind kind, EngagementStatus? status = null) =>
        Engagements.Count(e => e.Kind == kind && (status is null || e.Status == status));

    public int Count(EngagementStatus status) => Engagements.Count(e => e.Status == status);

    private static IEnumerable<ToDo> NeedsAttention(Engagement engagement)
    {
        if (engagement.AwaitingRegularisation) yield return new(engagement, Attention.AwaitingRegularisation);
        if (engagement.Status == EngagementStatus.Suspended) yield return new(engagement, Attention.Suspended);
        if (engagement is CooperationProject { ConventionSignedOn: not null, TransmittedToPrefectOn: null } && !engagement.IsReadOnly)
            yield return new(engagement, Attention.NotTransmittedToPrefect);
    }
}
