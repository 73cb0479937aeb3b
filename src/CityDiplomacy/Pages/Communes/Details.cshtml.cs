using CityDiplomacy.Data;
using CityDiplomacy.Demo;
using CityDiplomacy.Engagements;
using CityDiplomacy.Portal;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages.Communes;

public sealed class DetailsModel(AppDb db) : PageModel
{
    public CommuneDetails? Commune { get; private set; }

    /// <summary>The commune's public engagements include some of the demo (their description carries its label).</summary>
    public bool HasDemoData { get; private set; }

    /// <summary>The commune's public engagements, for the « Action internationale » section.</summary>
    public IReadOnlyList<PublicEngagement> Engagements { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (!Reference.Commune.IsWellFormedCode(code)) return NotFound();
        Commune = await db.FindAsync(code, cancellationToken);
        if (Commune is null) return NotFound();
        var communeCode = Commune.Code;
        HasDemoData = await db.Engagements.WhereDemo()
            .AnyAsync(e => e.CommuneCode == communeCode && e.Visibility == Visibility.Public, cancellationToken);
        Engagements = await db.PublicEngagementsAsync(communeCode, cancellationToken);
        return Page();
    }
}
