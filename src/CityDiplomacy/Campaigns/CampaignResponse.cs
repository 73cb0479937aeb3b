using CityDiplomacy.Engagements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Campaigns;

/// <summary>What a list answered to one measure.</summary>
public enum ResponseAnswer { Signed, Partial, NotCommitted, NoAnswer }

/// <summary>
/// Drafts are seen by monitors and the commune's officers; a monitor other than the author publishes; a published item is
/// never overwritten, only superseded by the next one published for the same list and measure.
/// </summary>
public enum PublicationState { Draft, Published, Superseded }

/// <summary>Author and publisher of an item that two people must see before the public does.</summary>
public static class TwoPersonRule
{
    /// <summary>The author recorded for what a head of list sends through the private answer link.</summary>
    public static string LinkAuthor(Guid listId) => "answer-link:" + listId.ToString("N");

    public static void EnsureOtherPublisher(string authorId, string publisherId)
    {
        if (string.Equals(authorId, publisherId, StringComparison.Ordinal))
            throw new TwoPersonRuleException();
    }
}

/// <summary>The author tried to publish their own draft.</summary>
public sealed class TwoPersonRuleException() : Exception(
    "Règle des deux personnes : un brouillon est publié par un autre membre de l'équipe que son auteur.");

/// <summary>One answer of a list to one measure, with its comment and document; a draft until a second person publishes it.</summary>
public sealed class CampaignResponse
{
    public const int CommentMax = 4000;
    public const int UrlMax = 2000;

    private CampaignResponse() { }

    public CampaignResponse(Campaign campaign, CandidateList list, string measureCode, ResponseAnswer answer, string? comment,
        string? documentUrl, DateOnly answeredOn, string authorId, string? authorName, DateTime now)
    {
        if (list.CampaignId != campaign.Id)
            throw new DomainRuleException("listId", "Cette liste appartient à une autre campagne.");
        var measure = campaign.Measure(measureCode)
                      ?? throw new DomainRuleException("measure",
                          $"« {measureCode} » n'est pas une mesure de la campagne ; mesures : {string.Join(", ", campaign.Measures.Select(m => m.Code))}.");
        if (answeredOn.Year < 1990 || answeredOn > DateOnly.FromDateTime(now).AddDays(1))
            throw new DomainRuleException("answeredOn", "La date de réponse doit être passée (et postérieure à 1990).");
        Id = Guid.CreateVersion7();
        CampaignId = campaign.Id;
        ListId = list.Id;
        MeasureCode = measure.Code;
        Answer = answer;
        Comment = Campaign.Optional(comment, "comment", CommentMax);
        DocumentUrl = CheckUrl(documentUrl, "documentUrl");
        AnsweredOn = answeredOn;
        AuthorId = authorId;
        AuthorName = authorName;
        State = PublicationState.Draft;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid CampaignId { get; private set; }
    public Guid ListId { get; private set; }
    public string MeasureCode { get; private set; } = "";
    public ResponseAnswer Answer { get; private set; }
    public string? Comment { get; private set; }
    public string? DocumentUrl { get; private set; }
    public DateOnly AnsweredOn { get; private set; }
    public PublicationState State { get; private set; }
    public string AuthorId { get; private set; } = "";
    public string? AuthorName { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string? PublishedBy { get; private set; }
    public DateTime? PublishedAt { get; private set; }
    public DateTime? SupersededAt { get; private set; }

    /// <summary>Publishes this draft; the answer published before for the same list and measure becomes superseded.</summary>
    public void Publish(string publisherId, CampaignResponse? previous, DateTime now)
    {
        if (State != PublicationState.Draft) throw new DomainRuleException("state", "Cette réponse est déjà publiée.");
        TwoPersonRule.EnsureOtherPublisher(AuthorId, publisherId);
        previous?.Supersede(now);
        State = PublicationState.Published;
        PublishedBy = publisherId;
        PublishedAt = now;
    }

    private void Supersede(DateTime now)
    {
        State = PublicationState.Superseded;
        SupersededAt = now;
    }

    internal static string? CheckUrl(string? value, string field)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > UrlMax) throw new DomainRuleException(field, $"{UrlMax} caractères au plus.");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new DomainRuleException(field, $"« {text} » n'est pas une adresse web (http:// ou https://).");
        return text;
    }
}

internal sealed class CampaignResponseConfiguration : IEntityTypeConfiguration<CampaignResponse>
{
    public void Configure(EntityTypeBuilder<CampaignResponse> builder)
    {
        builder.ToTable("CampaignResponses");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.MeasureCode).HasMaxLength(Measure.CodeMax);
        builder.Property(r => r.Answer).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Comment).HasMaxLength(CampaignResponse.CommentMax);
        builder.Property(r => r.DocumentUrl).HasMaxLength(CampaignResponse.UrlMax);
        builder.Property(r => r.AuthorId).HasMaxLength(450);
        builder.Property(r => r.AuthorName).HasMaxLength(256);
        builder.Property(r => r.PublishedBy).HasMaxLength(450);
        builder.HasIndex(r => new { r.CampaignId, r.ListId, r.MeasureCode, r.State });
        builder.HasOne<CandidateList>().WithMany().HasForeignKey(r => r.ListId).OnDelete(DeleteBehavior.Cascade);
    }
}
