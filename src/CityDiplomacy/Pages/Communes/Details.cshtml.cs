using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CityDiplomacy.Pages.Communes;

public sealed class DetailsModel(AppDb db) : PageModel
{
    public CommuneDetails? Commune { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (!Reference.Commune.IsWellFormedCode(code)) return NotFound();
        Commune = await db.FindAsync(code, cancellationToken);
        return Commune is null ? NotFound() : Page();
    }
}
