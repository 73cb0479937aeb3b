using CityDiplomacy.Accounts;
using CityDiplomacy.Campaigns;
using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages.Manage.Campaigns;

/// <summary>
/// /espace/campagnes/{slug}/lettres: the letters to candidate lists — per department, the ZIP (a .docx per commune and
/// a mail-merge CSV); within a department (?departement=45), each commune's letters as a page to print or a Word file.
/// Plain links and a GET form: no script needed.
/// </summary>
[Authorize]
public sealed class LettersModel(AppDb db, CommuneAccess access) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;
    public string? Department { get; private set; }
    public string? DepartmentName { get; private set; }
    public IReadOnlyList<Row> Departments { get; private set; } = [];
    public IReadOnlyList<Row> Communes { get; private set; } = [];

    /// <summary>A department or a commune with how many communes and lists it has in the campaign.</summary>
    public sealed record Row(string Code, string Name, int Communes, int Lists);

    public async Task<IActionResult> OnGetAsync(string slug, string? departement, CancellationToken cancellationToken)
    {
        if (!await access.CanRunCampaignsAsync(cancellationToken)) return Workspace.Denied(access);
        if (await CampaignsApi.FindAsync(db, slug, cancellationToken) is not { } campaign) return NotFound();
        Campaign = campaign;
        var lists = await (from l in db.CandidateLists.AsNoTracking()
                           join c in db.Communes.AsNoTracking() on l.CommuneCode equals c.Code
                           where l.CampaignId == campaign.Id && c.Kind == CommuneKind.Current
                           group l by new { c.Code, c.Name, c.DepartmentCode } into g
                           select new { g.Key.Code, g.Key.Name, g.Key.DepartmentCode, Lists = g.Count() }).ToListAsync(cancellationToken);
        var names = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.Name, cancellationToken);
        Departments = lists.GroupBy(l => l.DepartmentCode).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Row(g.Key, names.GetValueOrDefault(g.Key, g.Key), g.Count(), g.Sum(x => x.Lists))).ToList();
        if (CampaignLetters.DepartmentCode(departement) is { } code && names.TryGetValue(code, out var name))
        {
            Department = code;
            DepartmentName = name;
            Communes = lists.Where(l => l.DepartmentCode == code).OrderBy(l => l.Code, StringComparer.Ordinal)
                .Select(l => new Row(l.Code, l.Name, 1, l.Lists)).ToList();
        }
        else if (!string.IsNullOrWhiteSpace(departement))
        {
            ModelState.AddModelError("departement", $"« {departement} » n'est le code d'aucun département (par ex. 45, 2A ou 974).");
        }
        return Page();
    }
}
