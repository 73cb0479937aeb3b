using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages.Manage;

/// <summary>The signed-in user's communes; for an administrator, the communes with a register and a search.</summary>
[Authorize]
public sealed class IndexModel(AppDb db, CommuneAccess access) : PageModel
{
    public const int SearchLimit = 20;

    public sealed record CommuneRow(string Code, string Name, int Engagements);

    public bool IsAdministrator { get; private set; }
    public IReadOnlyList<CommuneRow> Communes { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public IReadOnlyList<CommuneSummary> Found { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var assigned = await access.AssignedCommunesAsync(cancellationToken);
        IsAdministrator = assigned is null;
        var codes = assigned?.ToList() ?? await db.Engagements.AsNoTracking().Select(e => e.CommuneCode).Distinct().ToListAsync(cancellationToken);

        var names = await db.Communes.AsNoTracking().Where(c => codes.Contains(c.Code) && c.Kind == CommuneKind.Current)
            .Select(c => new { c.Code, c.Name }).ToDictionaryAsync(c => c.Code, c => c.Name, cancellationToken);
        var counts = await db.Engagements.AsNoTracking().Where(e => codes.Contains(e.CommuneCode))
            .GroupBy(e => e.CommuneCode).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        Communes = codes.Select(c => new CommuneRow(c, names.GetValueOrDefault(c, c), counts.GetValueOrDefault(c)))
            .OrderBy(c => c.Name, StringComparer.CurrentCulture).ToList();

        Query = string.IsNullOrWhiteSpace(Query) ? null : Query.Trim();
        if (IsAdministrator && Query is { Length: >= 2 and <= 100 })
            Found = (await db.SearchAsync(Query, SearchLimit, cancellationToken)).Where(c => c.Type == CommuneTypes.Current).ToList();
        return Page();
    }
}
