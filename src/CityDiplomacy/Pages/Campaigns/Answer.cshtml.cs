using CityDiplomacy.Campaigns;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Pages.Campaigns;

/// <summary>
/// /reponse/{token}: the private answer link of a list. Its head answers every measure without an account; the answers
/// arrive as drafts for the campaign's monitors to publish. An unknown or expired link is a plain 404 that reveals nothing.
/// </summary>
public sealed class AnswerModel(AppDb db, TimeProvider time) : PageModel
{
    public Campaign Campaign { get; private set; } = null!;
    public CandidateList List { get; private set; } = null!;
    public string CommuneName { get; private set; } = "";
    public DateTime ExpiresAt { get; private set; }
    public bool Sent { get; private set; }

    [BindProperty] public List<MeasureAnswer> Answers { get; set; } = [];

    public sealed class MeasureAnswer
    {
        public string Measure { get; set; } = "";
        public string? Answer { get; set; }
        public string? Comment { get; set; }
        public string? DocumentUrl { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string token, bool envoye, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        Sent = envoye;
        Answers = Campaign.Measures.Select(m => new MeasureAnswer { Measure = m.Code }).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(token, cancellationToken)) return NotFound();
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, Campaign.ParisTime)).ToString(IsoDate.Format);
        var drafts = new List<CampaignResponse>();
        for (var i = 0; i < Answers.Count; i++)
        {
            var answer = Answers[i];
            if (string.IsNullOrWhiteSpace(answer.Answer)) continue;
            try
            {
                drafts.Add(CampaignsApi.NewResponse(Campaign, List, answer.Measure, answer.Answer, answer.Comment, answer.DocumentUrl, today,
                    TwoPersonRule.LinkAuthor(List.Id), List.HeadOfList, now));
            }
            catch (DomainRuleException rule)
            {
                ModelState.AddModelError($"{nameof(Answers)}[{i}].{Field(rule.Field)}", rule.Message);
            }
        }
        if (drafts.Count == 0 && ModelState.IsValid)
            ModelState.AddModelError(string.Empty, "Choisissez une réponse pour au moins une mesure.");
        if (!ModelState.IsValid) return Page();
        db.CampaignResponses.AddRange(drafts);
        await db.SaveChangesAsync(cancellationToken);
        return RedirectToPage(new { token, envoye = true });
    }

    private static string Field(string field) => field switch
    {
        "comment" => nameof(MeasureAnswer.Comment),
        "documentUrl" => nameof(MeasureAnswer.DocumentUrl),
        _ => nameof(MeasureAnswer.Answer),
    };

    private async Task<bool> LoadAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100) return false;
        var hash = CandidateList.HashToken(token);
        var list = await db.CandidateLists.AsNoTracking().FirstOrDefaultAsync(l => l.AnswerTokenHash == hash, cancellationToken);
        if (list is null) return false;
        var campaign = await db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == list.CampaignId, cancellationToken);
        if (!campaign.IsOpen || campaign.AnswerLinksExpireAt() is not { } expiry || expiry <= time.GetUtcNow().UtcDateTime) return false;
        (Campaign, List, ExpiresAt) = (campaign, list, expiry);
        CommuneName = await db.Communes.AsNoTracking().Where(c => c.Code == list.CommuneCode && c.Kind == CommuneKind.Current)
            .Select(c => c.Name).FirstOrDefaultAsync(cancellationToken) ?? list.CommuneCode;
        return true;
    }
}
