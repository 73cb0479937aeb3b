using CityDiplomacy.Accounts;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Evidence;
using CityDiplomacy.Places;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Manage.Evidence;

/// <summary>Administrators and monitors upload an evidence file of a kind and read the import's report.</summary>
[Authorize]
[RequestSizeLimit(EvidenceImporter.MaxFileBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = EvidenceImporter.MaxFileBytes + 1024 * 1024)]
public sealed class IndexModel(AppDb db, CommuneAccess access, PlaceIndex places, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(Name = "kind")] public string? Kind { get; set; }
    [BindProperty(Name = "file")] public IFormFile? Upload { get; set; }
    [BindProperty(Name = "sourceName")] public string? SourceName { get; set; }
    [BindProperty(Name = "sourceUrl")] public string? SourceUrl { get; set; }
    [BindProperty(Name = "licence")] public string? Licence { get; set; }

    public EvidenceReport? Report { get; private set; }
    public IReadOnlyList<EvidenceImport> Imports { get; private set; } = [];

    public static IReadOnlyList<EvidenceKind> Kinds => Enum.GetValues<EvidenceKind>();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await access.CanMaintainEvidenceAsync(cancellationToken)) return Workspace.Denied(access);
        await LoadImportsAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await access.CanMaintainEvidenceAsync(cancellationToken)) return Workspace.Denied(access);
        var kind = EvidenceImporter.ParseKind(Kind);
        if (kind is null) ModelState.AddModelError("kind", l["Choisissez la sorte de fichier."]);
        if (Upload is null || Upload.Length == 0) ModelState.AddModelError("file", l["Choisissez un fichier CSV non vide."]);
        else if (Upload.Length > EvidenceImporter.MaxFileBytes) ModelState.AddModelError("file", l["Le fichier dépasse 20 Mo."]);
        if (!ModelState.IsValid)
        {
            await LoadImportsAsync(cancellationToken);
            return Page();
        }
        using var memory = new MemoryStream();
        await Upload!.CopyToAsync(memory, cancellationToken);
        PlaceResolver? resolver = kind == EvidenceKind.Alerts ? await places.GetResolverAsync(cancellationToken) : null;
        try
        {
            Report = await new EvidenceImporter(db, time).ImportAsync(kind!.Value, memory.ToArray(), Upload.FileName,
                new EvidenceImportOptions(access.UserId!, SourceName, SourceUrl, Licence), resolver is null ? null : () => resolver,
                cancellationToken: cancellationToken);
            if (Report.Written)
                await HttpContext.RequestServices.GetRequiredService<Screening.ScreeningService>()
                    .ScreenAsync(Screening.ScreeningScope.All, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            ModelState.AddModelError("file", e.Message);
        }
        await LoadImportsAsync(cancellationToken);
        return Page();
    }

    private async Task LoadImportsAsync(CancellationToken cancellationToken)
    {
        var imports = await db.EvidenceImports.AsNoTracking().ToListAsync(cancellationToken);
        Imports = imports.OrderByDescending(i => i.ImportedAt).Take(30).ToList();
    }
}
