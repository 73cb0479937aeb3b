using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Places;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CityDiplomacy.Pages.Manage.Engagements;

/// <summary>Registers a new engagement of one kind for the commune, through the API's input and its rules.</summary>
[Authorize]
public sealed class CreateModel(AppDb db, CommuneAccess access, PlaceIndex places, EngagementCommands commands) : EngagementFormModel(db, places)
{
    public async Task<IActionResult> OnGetAsync(string insee, string kind, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(insee, kind, cancellationToken) is { } refused) return refused;
        Input = EngagementInput.Blank(Input.Kind);
        Input.Visibility = Slugs.Of(Visibility.Public);
        Input.Status = Slugs.Of(EngagementStatus.Proposed);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string insee, string kind, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(insee, kind, cancellationToken) is { } refused) return refused;
        Input = await BindAsync(Input.Kind);
        if (Validated() is not { } input) return Page();
        var result = await commands.CreateAsync(Insee, () => ValueTask.FromResult<EngagementInput?>(input), cancellationToken);
        switch (result.Status)
        {
            case CommandStatus.Done:
                TempData[nameof(DetailsModel.Done)] = "Created";
                return Redirect($"/espace/engagements/{result.Engagement!.Id}");
            case CommandStatus.Broken:
                Report(result.Rule!);
                return Page();
            case CommandStatus.UnknownCommune:
                return NotFound();
            case CommandStatus.Invalid:
                return Page();
            default:
                return Workspace.Denied(access);
        }
    }

    /// <summary>« Chercher » a partner: the form again, as typed, with the places its name may mean.</summary>
    public async Task<IActionResult> OnPostSearchAsync(string insee, string kind, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(insee, kind, cancellationToken) is { } refused) return refused;
        Input = await BindAsync(Input.Kind);
        await SearchPartnersAsync(cancellationToken);
        return Page();
    }

    /// <summary>Checks the commune, the right to edit it and the kind; null when the form can be shown.</summary>
    private async Task<IActionResult?> PrepareAsync(string insee, string kind, CancellationToken cancellationToken)
    {
        Insee = insee.ToUpperInvariant();
        if (!await access.CanEditAsync(Insee, cancellationToken)) return Workspace.Denied(access);
        if (EngagementKinds.FromSlug(kind) is not { } engagementKind) return NotFound();
        if (await Db.CommuneNameAsync(Insee, cancellationToken) is not { } name) return NotFound();
        CommuneName = name;
        Input = EngagementInput.Blank(engagementKind);
        await LoadCataloguesAsync(cancellationToken);
        return null;
    }
}
