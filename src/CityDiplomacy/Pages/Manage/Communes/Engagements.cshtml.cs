using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CityDiplomacy.Pages.Manage.Communes;

/// <summary>The commune's register, filtered by kind, status and theme through a plain GET form.</summary>
[Authorize]
public sealed class EngagementsModel(AppDb db, CommuneAccess access) : PageModel
{
    public string Insee { get; private set; } = "";
    public string CommuneName { get; private set; } = "";
    public bool CanEdit { get; private set; }
    public int Total { get; private set; }
    public IReadOnlyList<Engagement> Engagements { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "kind")]
    public string? KindFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? StatusFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "theme")]
    public string? ThemeFilter { get; set; }

    public EngagementKind? Kind { get; private set; }
    public EngagementStatus? Status { get; private set; }
    public Theme? Theme { get; private set; }

    public async Task<IActionResult> OnGetAsync(string insee, CancellationToken cancellationToken)
    {
        Insee = insee.ToUpperInvariant();
        if (!await access.CanReadInternalAsync(Insee, cancellationToken)) return Workspace.Denied(access);
        if (await db.CommuneNameAsync(Insee, cancellationToken) is not { } name) return NotFound();
        CommuneName = name;
        CanEdit = await access.CanEditAsync(Insee, cancellationToken);

        // An unknown value in the address is ignored rather than an error: the form only offers known ones.
        Kind = EngagementKinds.FromSlug(KindFilter);
        Status = EngagementStatuses.FromSlug(StatusFilter);
        Theme = Slugs.Parse<Theme>(ThemeFilter);

        var register = await db.RegisterAsync(Insee, cancellationToken);
        Total = register.Count;
        Engagements = register
            .Where(e => Kind is null || e.Kind == Kind)
            .Where(e => Status is null || e.Status == Status)
            .Where(e => Theme is null || e.Themes.Contains(Theme.Value))
            .ToList();
        return Page();
    }

    public bool IsFiltered => Kind is not null || Status is not null || Theme is not null;
}
