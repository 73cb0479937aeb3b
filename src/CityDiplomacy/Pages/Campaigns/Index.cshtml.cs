using CityDiplomacy.Campaigns;
using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages.Campaigns;

/// <summary>
/// /campagnes/{slug}: the national table of a campaign — by department, or by commune within one department
/// (?departement=…): lists, lists that answered, published answers by kind and commitments by status. Published items only.
/// </summary>
public sealed class IndexModel(AppDb db) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;
    public string? Department { get; private set; }
    public string? DepartmentName { get; private set; }
    public IReadOnlyList<Department> Departments { get; private set; } = [];
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>One line of the table: a department, or a commune.</summary>
    public sealed record Row(string Code, string Name, int Lists, int ListsAnswered, IReadOnlyDictionary<ResponseAnswer, int> Answers,
        IReadOnlyDictionary<CommitmentStatus, int> Commitments);

    public async Task<IActionResult> OnGetAsync(string slug, string? departement, CancellationToken cancellationToken)
    {
        if (await CampaignsApi.FindAsync(db, slug, cancellationToken) is not { } campaign) return NotFound();
        Campaign = campaign;
        Departments = await db.Departments.AsNoTracking().OrderBy(d => d.Code).ToListAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(departement))
        {
            var wanted = departement.Trim().ToUpperInvariant();
            DepartmentName = Departments.FirstOrDefault(d => d.Code == wanted)?.Name;
            if (DepartmentName is null) return NotFound();
            Department = wanted;
        }

        var lists = db.CandidateLists.AsNoTracking().Where(l => l.CampaignId == campaign.Id);
        var listsByCommune = await lists.GroupBy(l => l.CommuneCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var published = db.CampaignResponses.AsNoTracking().Where(r => r.CampaignId == campaign.Id && r.State == PublicationState.Published);
        var answers = await (from r in published join l in lists on r.ListId equals l.Id
                             group r by new { l.CommuneCode, r.Answer } into g
                             select new { g.Key.CommuneCode, g.Key.Answer, Count = g.Count() }).ToListAsync(cancellationToken);
        var answered = await (from r in published join l in lists on r.ListId equals l.Id
                              group r.ListId by l.CommuneCode into g
                              select new { CommuneCode = g.Key, Count = g.Distinct().Count() }).ToListAsync(cancellationToken);
        var commitments = await db.Commitments.AsNoTracking().Where(c => c.CampaignId == campaign.Id)
            .GroupBy(c => new { c.CommuneCode, c.Status }).Select(g => new { g.Key.CommuneCode, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var codes = listsByCommune.Select(l => l.Key).ToList();
        var communes = await db.Communes.AsNoTracking().Where(c => codes.Contains(c.Code) && c.Kind == CommuneKind.Current)
            .Select(c => new { c.Code, c.Name, c.DepartmentCode }).ToDictionaryAsync(c => c.Code, cancellationToken);
        string GroupOf(string commune) => Department is null ? communes.GetValueOrDefault(commune)?.DepartmentCode ?? "?" : commune;
        bool Included(string commune) => Department is null || communes.GetValueOrDefault(commune)?.DepartmentCode == Department;

        var departmentNames = Departments.ToDictionary(d => d.Code, d => d.Name);
        Rows = listsByCommune.Where(l => Included(l.Key)).GroupBy(l => GroupOf(l.Key))
            .Select(g =>
            {
                var members = g.Select(l => l.Key).ToHashSet();
                return new Row(g.Key,
                    Department is null ? departmentNames.GetValueOrDefault(g.Key, g.Key) : communes.GetValueOrDefault(g.Key)?.Name ?? g.Key,
                    g.Sum(l => l.Count),
                    answered.Where(a => members.Contains(a.CommuneCode)).Sum(a => a.Count),
                    answers.Where(a => members.Contains(a.CommuneCode)).GroupBy(a => a.Answer).ToDictionary(a => a.Key, a => a.Sum(x => x.Count)),
                    commitments.Where(c => members.Contains(c.CommuneCode)).GroupBy(c => c.Status).ToDictionary(c => c.Key, c => c.Sum(x => x.Count)));
            })
            .OrderBy(r => Department is null ? r.Code : r.Name, StringComparer.Ordinal)
            .ToList();
        return Page();
    }
}
