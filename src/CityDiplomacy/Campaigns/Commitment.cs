using CityDiplomacy.Engagements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Campaigns;

/// <summary>How far an elected list kept its word, judged by outcome, not intent.</summary>
public enum CommitmentStatus { NotRated, NotStarted, InProgress, Stalled, Kept, PartiallyKept, Broken }

/// <summary>
/// What an elected list promised on one measure (it answered « signed » or « partial »). Its status changes only when a
/// second person publishes an update; every update stays in the history.
/// </summary>
public sealed class Commitment
{
    private Commitment() { }

    public Commitment(CandidateList list, string measureCode, ResponseAnswer promised, DateTime now)
    {
        Id = Guid.CreateVersion7();
        CampaignId = list.CampaignId;
        ListId = list.Id;
        CommuneCode = list.CommuneCode;
        MeasureCode = measureCode;
        Promised = promised;
        Status = CommitmentStatus.NotRated;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid CampaignId { get; private set; }
    public Guid ListId { get; private set; }
    public string CommuneCode { get; private set; } = "";
    public string MeasureCode { get; private set; } = "";
    /// <summary>The published answer the commitment comes from: signed or partial.</summary>
    public ResponseAnswer Promised { get; private set; }
    /// <summary>The status of the last published update (not-rated before any).</summary>
    public CommitmentStatus Status { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? RatedAt { get; private set; }

    internal void Rate(CommitmentStatus status, DateTime now)
    {
        Status = status;
        RatedAt = now;
    }
}

/// <summary>A piece of evidence for an update: a web page, or an engagement of the register.</summary>
public sealed class CommitmentEvidence
{
    public string? Url { get; set; }
    public Guid? EngagementId { get; set; }
}

/// <summary>A proposed new status for a commitment, with its rationale and evidence; a draft until another monitor publishes it.</summary>
public sealed class CommitmentUpdate
{
    public const int RationaleMax = 4000;
    public const int EvidenceMax = 20;

    private CommitmentUpdate() { }

    public CommitmentUpdate(Commitment commitment, CommitmentStatus status, string rationale, IReadOnlyList<CommitmentEvidence> evidence,
        string authorId, string? authorName, DateTime now)
    {
        if (status == CommitmentStatus.NotRated)
            throw new DomainRuleException("status", "Une mise à jour donne un statut : not-started, in-progress, stalled, kept, partially-kept ou broken.");
        if (evidence.Count > EvidenceMax) throw new DomainRuleException("evidence", $"{EvidenceMax} preuves au plus.");
        for (var i = 0; i < evidence.Count; i++)
        {
            var item = evidence[i];
            if ((item.Url is null) == (item.EngagementId is null))
                throw new DomainRuleException($"evidence[{i}]", "Chaque preuve est soit { \"url\" }, soit { \"engagementId\" }.");
            item.Url = CampaignResponse.CheckUrl(item.Url, $"evidence[{i}].url");
        }
        if (status is not CommitmentStatus.NotStarted && evidence.Count == 0)
            throw new DomainRuleException("evidence", "Un statut autre que « not-started » se fonde sur au moins une preuve (adresse ou engagement du registre).");
        Id = Guid.CreateVersion7();
        CommitmentId = commitment.Id;
        Status = status;
        Rationale = Campaign.Require(rationale, "rationale", RationaleMax, "La justification est obligatoire : ce qui a été fait, ou pas.");
        Evidence = [.. evidence];
        State = PublicationState.Draft;
        AuthorId = authorId;
        AuthorName = authorName;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid CommitmentId { get; private set; }
    public CommitmentStatus Status { get; private set; }
    public string Rationale { get; private set; } = "";
    public List<CommitmentEvidence> Evidence { get; private set; } = [];
    public PublicationState State { get; private set; }
    public string AuthorId { get; private set; } = "";
    public string? AuthorName { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public string? PublishedBy { get; private set; }
    public DateTime? PublishedAt { get; private set; }

    /// <summary>Publishes the draft: the commitment takes its status; earlier published updates stay in the history.</summary>
    public void Publish(Commitment commitment, string publisherId, DateTime now)
    {
        if (State != PublicationState.Draft) throw new DomainRuleException("state", "Cette mise à jour est déjà publiée.");
        TwoPersonRule.EnsureOtherPublisher(AuthorId, publisherId);
        State = PublicationState.Published;
        PublishedBy = publisherId;
        PublishedAt = now;
        commitment.Rate(Status, now);
    }
}

internal sealed class CommitmentConfiguration : IEntityTypeConfiguration<Commitment>
{
    public void Configure(EntityTypeBuilder<Commitment> builder)
    {
        builder.ToTable("Commitments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.CommuneCode).HasMaxLength(5);
        builder.Property(c => c.MeasureCode).HasMaxLength(Measure.CodeMax);
        builder.Property(c => c.Promised).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(c => new { c.ListId, c.MeasureCode }).IsUnique();
        builder.HasIndex(c => new { c.CampaignId, c.CommuneCode });
        builder.HasOne<CandidateList>().WithMany().HasForeignKey(c => c.ListId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CommitmentUpdateConfiguration : IEntityTypeConfiguration<CommitmentUpdate>
{
    public void Configure(EntityTypeBuilder<CommitmentUpdate> builder)
    {
        builder.ToTable("CommitmentUpdates");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(u => u.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(u => u.Rationale).HasMaxLength(CommitmentUpdate.RationaleMax);
        builder.Property(u => u.AuthorId).HasMaxLength(450);
        builder.Property(u => u.AuthorName).HasMaxLength(256);
        builder.Property(u => u.PublishedBy).HasMaxLength(450);
        builder.OwnsMany(u => u.Evidence, b => b.ToJson());
        builder.HasIndex(u => u.CommitmentId);
        builder.HasOne<Commitment>().WithMany().HasForeignKey(u => u.CommitmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
