using CityDiplomacy.Accounts;
using CityDiplomacy.Campaigns;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Manage.Campaigns;

/// <summary>
/// /espace/campagnes/{slug}: the monitors' desk for a campaign — the drafts waiting for a second person (answers and
/// commitment updates), each published here by someone other than its author, and the import of candidate lists.
/// </summary>
[Authorize]
[RequestSizeLimit(MaxUpload + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUpload + 1024 * 1024)]
public sealed class IndexModel(AppDb db, CommuneAccess access, TimeProvider time, IStringLocalizer<SharedResource> l) : PageModel
{
    public const int MaxUpload = 300 * 1024 * 1024;

    public Campaign Campaign { get; private set; } = null!;
    public IReadOnlyList<DraftAnswer> Answers { get; private set; } = [];
    public IReadOnlyList<DraftUpdate> Updates { get; private set; } = [];
    public CandidateListImportReport? Report { get; private set; }
    public string? Published { get; private set; }
    public string UserId => access.UserId ?? "";

    public sealed record DraftAnswer(CampaignResponse Response, string CommuneCode, string CommuneName, string ListName);

    public sealed record DraftUpdate(CommitmentUpdate Update, Commitment Commitment, string CommuneName, string ListName);

    [BindProperty(Name = "file")] public IFormFile? Upload { get; set; }

    public async Task<IActionResult> OnGetAsync(string slug, string? publie, CancellationToken cancellationToken)
    {
        if (!await access.CanRunCampaignsAsync(cancellationToken)) return Workspace.Denied(access);
        if (!await LoadAsync(slug, cancellationToken)) return NotFound();
        Published = publie;
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAnswerAsync(string slug, Guid id, CancellationToken cancellationToken)
    {
        if (!await access.CanRunCampaignsAsync(cancellationToken)) return Workspace.Denied(access);
        if (!await LoadAsync(slug, cancellationToken)) return NotFound();
        var response = await db.CampaignResponses.FirstOrDefaultAsync(r => r.Id == id && r.CampaignId == Campaign.Id, cancellationToken);
        if (response is null) return NotFound();
        var previous = await db.CampaignResponses.FirstOrDefaultAsync(r => r.ListId == response.ListId && r.MeasureCode == response.MeasureCode
                                                                           && r.State == PublicationState.Published, cancellationToken);
        return await PublishAsync(() => response.Publish(access.UserId!, previous, time.GetUtcNow().UtcDateTime), slug, cancellationToken);
    }

    public async Task<IActionResult> OnPostPublishUpdateAsync(string slug, Guid id, CancellationToken cancellationToken)
    {
        if (!await access.CanRunCampaignsAsync(cancellationToken)) return Workspace.Denied(access);
        if (!await LoadAsync(slug, cancellationToken)) return NotFound();
        var update = await db.CommitmentUpdates.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        var commitment = update is null ? null
            : await db.Commitments.FirstOrDefaultAsync(c => c.Id == update.CommitmentId && c.CampaignId == Campaign.Id, cancellationToken);
        if (update is null || commitment is null) return NotFound();
        return await PublishAsync(() => update.Publish(commitment, access.UserId!, time.GetUtcNow().UtcDateTime), slug, cancellationToken);
    }

    public async Task<IActionResult> OnPostImportAsync(string slug, CancellationToken cancellationToken)
    {
        if (!await access.CanRunCampaignsAsync(cancellationToken)) return Workspace.Denied(access);
        if (!await LoadAsync(slug, cancellationToken)) return NotFound();
        if (Upload is null || Upload.Length == 0) ModelState.AddModelError("file", l["Choisissez un fichier CSV non vide."]);
        if (!ModelState.IsValid) return Page();
        using var memory = new MemoryStream();
        await Upload!.CopyToAsync(memory, cancellationToken);
        try
        {
            var file = CandidateListImport.Read(Path.GetFileName(Upload.FileName), memory.ToArray());
            Report = await CandidateListImport.ImportAsync(db, Campaign, file, dryRun: false, time.GetUtcNow().UtcDateTime, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            ModelState.AddModelError("file", e.Message);
        }
        return Page();
    }

    private async Task<IActionResult> PublishAsync(Action publish, string slug, CancellationToken cancellationToken)
    {
        try
        {
            publish();
        }
        catch (Exception e) when (e is TwoPersonRuleException or DomainRuleException)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage(new { slug, publie = "1" });
    }

    private async Task<bool> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        if (await CampaignsApi.FindAsync(db, slug, cancellationToken) is not { } campaign) return false;
        Campaign = campaign;
        var answers = await (from r in db.CampaignResponses.AsNoTracking()
                             join li in db.CandidateLists.AsNoTracking() on r.ListId equals li.Id
                             join c in db.Communes.AsNoTracking() on li.CommuneCode equals c.Code
                             where r.CampaignId == campaign.Id && r.State == PublicationState.Draft && c.Kind == CommuneKind.Current
                             orderby r.CreatedAt
                             select new { r, li.CommuneCode, c.Name, ListName = li.Name }).Take(500).ToListAsync(cancellationToken);
        Answers = answers.Select(a => new DraftAnswer(a.r, a.CommuneCode, a.Name, a.ListName)).ToList();
        var updates = await (from u in db.CommitmentUpdates.AsNoTracking()
                             join m in db.Commitments.AsNoTracking() on u.CommitmentId equals m.Id
                             join li in db.CandidateLists.AsNoTracking() on m.ListId equals li.Id
                             join c in db.Communes.AsNoTracking() on m.CommuneCode equals c.Code
                             where m.CampaignId == campaign.Id && u.State == PublicationState.Draft && c.Kind == CommuneKind.Current
                             orderby u.CreatedAt
                             select new { u, m, c.Name, ListName = li.Name }).Take(500).ToListAsync(cancellationToken);
        Updates = updates.Select(x => new DraftUpdate(x.u, x.m, x.Name, x.ListName)).ToList();
        return true;
    }
}
