using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Settings;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Manage.Communes;

/// <summary>
/// The commune's reporting settings (SIRET, IATI identifier, contact), through the API's input, rules and write path.
/// The form carries the version it was read at: a newer one means someone else saved in between, and nothing is saved.
/// </summary>
[Authorize]
public sealed class SettingsModel(AppDb db, CommuneAccess access, CommuneSettingsCommands commands, IStringLocalizer<SharedResource> l) : PageModel
{
    public string Insee { get; private set; } = "";
    public string CommuneName { get; private set; } = "";
    public string? Siren { get; private set; }
    public CommuneSettingsInput Input { get; private set; } = new();
    public int Version { get; private set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string insee, CancellationToken cancellationToken)
    {
        var result = await commands.ReadAsync(insee, cancellationToken);
        if (await RefusedAsync(result, cancellationToken) is { } refused) return refused;
        Input = CommuneSettingsInput.For(result.Settings);
        Version = result.CurrentVersion;
        Saved = TempData["SettingsSaved"] is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string insee, CancellationToken cancellationToken)
    {
        var form = Request.Form;
        Input = new CommuneSettingsInput
        {
            Siret = form["siret"],
            IatiOrganisationId = form["iatiOrganisationId"],
            ReportingContact = new ReportingContactInput
            {
                Name = form["reportingContact.name"], Role = form["reportingContact.role"], Email = form["reportingContact.email"],
            },
            Version = int.TryParse(form["version"], out var version) ? version : 0,
        };
        var result = await commands.SaveAsync(insee, null, () => ValueTask.FromResult<CommuneSettingsInput?>(Input), cancellationToken);
        if (await RefusedAsync(result, cancellationToken) is { } refused) return refused;
        Version = Input.Version ?? 0;
        switch (result.Status)
        {
            case CommandStatus.Done:
                TempData["SettingsSaved"] = "1";
                return Redirect($"/espace/communes/{Insee}/parametres");
            case CommandStatus.Invalid:
                foreach (var (field, messages) in result.Errors!)
                    foreach (var message in messages) ModelState.AddModelError(field, message);
                return Page();
            default:
                // Stale or concurrent: the form now carries the current version; sending it again replaces it knowingly.
                Version = result.CurrentVersion;
                ModelState.AddModelError("", l["Ces paramètres ont été modifiés par ailleurs depuis que vous les avez ouverts : rien n'a été enregistré. Vérifiez-les puis enregistrez à nouveau."]);
                return Page();
        }
    }

    private async Task<IActionResult?> RefusedAsync(SettingsCommandResult result, CancellationToken cancellationToken)
    {
        switch (result.Status)
        {
            case CommandStatus.Unauthenticated or CommandStatus.Forbidden:
                return Workspace.Denied(access);
            case CommandStatus.UnknownCommune:
                return NotFound();
        }
        Insee = result.CommuneCode!;
        CommuneName = await db.CommuneNameAsync(Insee, cancellationToken) ?? Insee;
        Siren = result.Siren;
        return null;
    }
}
