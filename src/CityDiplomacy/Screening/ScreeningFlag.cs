using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Screening;

public enum FlagSeverity { Info, Attention, High }

/// <summary>
/// Who may see a flag: public (pages, feeds, exports, the home figures) or internal (the commune's officers and viewers
/// only, e.g. its own paperwork). Wire values <c>public</c> and <c>internal</c>.
/// </summary>
public enum FlagAudience { Public, Internal }

/// <summary>new → acknowledged → decided; resolved when the rule no longer fires (kept as history).</summary>
public enum FlagState { New, Acknowledged, Decided }

/// <summary>One piece of evidence behind a flag.</summary>
public sealed record FlagEvidence(string SourceName, string? Url, string? Date);

/// <summary>
/// What a screening rule found about one engagement, with its evidence, and what the commune answered.
/// Identified for incremental runs by (<see cref="EngagementId"/>, <see cref="RuleId"/>, <see cref="SubjectKey"/>).
/// </summary>
public sealed class ScreeningFlag
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required Guid EngagementId { get; init; }
    public required string CommuneCode { get; init; }
    /// <summary>local-alert, territorial-status, country-context, death-penalty, legal-L1115-5, deliberation-missing, defender-status-changed.</summary>
    public required string RuleId { get; init; }
    /// <summary>Version of the rule set (code + thresholds) that produced the current content.</summary>
    public required string RuleVersion { get; set; }
    /// <summary>What the flag is about within the engagement, e.g. the alert id or the partner's GeoNames id.</summary>
    public required string SubjectKey { get; init; }
    public required FlagSeverity Severity { get; set; }
    public FlagAudience Audience { get; set; } = FlagAudience.Public;
    /// <summary>French explanation shown to users.</summary>
    public required string Explanation { get; set; }
    public List<FlagEvidence> Evidence { get; set; } = [];
    /// <summary>dialogue, conditionality-clause, council-review, suspension.</summary>
    public List<string> SuggestedActions { get; set; } = [];
    /// <summary>The alert behind a local-alert flag, with its adoption and repeal dates (partial ISO dates).</summary>
    public Guid? AlertId { get; set; }
    public string? AlertAdoptedOn { get; set; }
    public string? AlertRepealedOn { get; set; }
    /// <summary>Hash of the content (severity, explanation, evidence): a change makes the flag « changed ».</summary>
    public required string ContentHash { get; set; }

    public FlagState State { get; set; } = FlagState.New;
    /// <summary>The commune's decision (free text), shown as its answer.</summary>
    public string? Decision { get; set; }
    public DateOnly? DecidedOn { get; set; }
    /// <summary>Reference of the council deliberation behind the decision, when there is one.</summary>
    public string? DecisionDeliberation { get; set; }
    /// <summary>The commune's public answer (right of reply), shown beside the flag.</summary>
    public string? PublicAnswer { get; set; }

    public required DateTime FirstSeenAt { get; init; }
    public DateTime LastChangedAt { get; set; }
    /// <summary>Set when the rule stopped firing (evidence withdrawn, engagement changed); cleared if it fires again.</summary>
    public DateTime? ResolvedAt { get; set; }
    public int Version { get; set; }

    /// <summary>
    /// The commune's answer: acknowledged, or decided with its decision, date and (optionally) deliberation; the public
    /// answer is the right of reply shown beside the flag. A flag never goes back to « new » by hand.
    /// </summary>
    public void Answer(FlagState state, string? decision, DateOnly? decidedOn, string? deliberation, string? publicAnswer, DateOnly today)
    {
        decision = Clean(decision);
        deliberation = Clean(deliberation);
        publicAnswer = Clean(publicAnswer);
        if (state == FlagState.New)
            throw new Engagements.DomainRuleException("state", "Une réponse prend acte du signalement (acknowledged) ou le tranche (decided) : « new » ne se choisit pas.");
        if (state == FlagState.Decided)
        {
            if (decision is null) throw new Engagements.DomainRuleException("decision", "La décision de la commune est obligatoire pour trancher un signalement.");
            if (decidedOn is null) throw new Engagements.DomainRuleException("decidedOn", "La date de la décision est obligatoire.");
        }
        if (decidedOn is { } on && on > today)
            throw new Engagements.DomainRuleException("decidedOn", $"La date de la décision ({on:yyyy-MM-dd}) est dans le futur.");
        if (decision?.Length > 4000) throw new Engagements.DomainRuleException("decision", "La décision dépasse 4 000 caractères.");
        if (publicAnswer?.Length > 4000) throw new Engagements.DomainRuleException("publicAnswer", "La réponse publique dépasse 4 000 caractères.");
        if (deliberation?.Length > 100) throw new Engagements.DomainRuleException("deliberation", "La référence de délibération dépasse 100 caractères.");
        State = state;
        Decision = decision;
        DecidedOn = decidedOn;
        DecisionDeliberation = deliberation;
        PublicAnswer = publicAnswer;
        Version++;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>One screening run: what it found new, changed and resolved (the « what changed » view).</summary>
public sealed class ScreeningRun
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required DateTime StartedAt { get; init; }
    public DateTime FinishedAt { get; set; }
    /// <summary>null for a national run.</summary>
    public string? CommuneCode { get; init; }
    public required string RuleVersion { get; init; }
    public int EngagementsScreened { get; set; }
    public int New { get; set; }
    public int Changed { get; set; }
    public int Resolved { get; set; }
}

internal sealed class ScreeningFlagConfiguration : IEntityTypeConfiguration<ScreeningFlag>
{
    public void Configure(EntityTypeBuilder<ScreeningFlag> builder)
    {
        builder.ToTable("ScreeningFlags");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.CommuneCode).HasMaxLength(5);
        builder.Property(f => f.RuleId).HasMaxLength(64);
        builder.Property(f => f.RuleVersion).HasMaxLength(64);
        builder.Property(f => f.SubjectKey).HasMaxLength(100);
        builder.Property(f => f.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Audience).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Explanation).HasMaxLength(4000);
        builder.OwnsMany(f => f.Evidence, b => b.ToJson());
        builder.Property(f => f.SuggestedActions).HasConversion(
                actions => string.Join('|', actions),
                text => text.Length == 0 ? new List<string>() : text.Split('|', StringSplitOptions.None).ToList(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<string>>(
                    (a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, t) => HashCode.Combine(h, t)), l => l.ToList()))
            .HasMaxLength(400);
        builder.Property(f => f.AlertAdoptedOn).HasMaxLength(10);
        builder.Property(f => f.AlertRepealedOn).HasMaxLength(10);
        builder.Property(f => f.ContentHash).HasMaxLength(64);
        builder.Property(f => f.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(f => f.Decision).HasMaxLength(4000);
        builder.Property(f => f.DecisionDeliberation).HasMaxLength(100);
        builder.Property(f => f.PublicAnswer).HasMaxLength(4000);
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.HasIndex(f => new { f.EngagementId, f.RuleId, f.SubjectKey }).IsUnique();
        builder.HasIndex(f => new { f.CommuneCode, f.ResolvedAt });
        builder.HasOne<Engagements.Engagement>().WithMany().HasForeignKey(f => f.EngagementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScreeningRunConfiguration : IEntityTypeConfiguration<ScreeningRun>
{
    public void Configure(EntityTypeBuilder<ScreeningRun> builder)
    {
        builder.ToTable("ScreeningRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.CommuneCode).HasMaxLength(5);
        builder.Property(r => r.RuleVersion).HasMaxLength(64);
        builder.HasIndex(r => r.StartedAt);
    }
}
