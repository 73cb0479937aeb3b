using System.Text.RegularExpressions;
using CityDiplomacy.Engagements;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Campaigns;

public enum CampaignStatus { Open, Closed }

/// <summary>
/// An advocacy campaign put to the candidate lists of an election: the same measures for every list, answers published
/// by two people, then commitments followed against the register.
/// </summary>
public sealed partial class Campaign
{
    public const int SlugMax = 100;
    public const int TitleMax = 300;
    public const int OrganiserMax = 300;
    public const int ElectionMax = 100;
    public const int DescriptionMax = 4000;
    public const int MeasuresMax = 40;

    /// <summary>What can support a measure besides the engagement kinds: events of the register.</summary>
    public static readonly string[] EvidenceEvents = ["suspension", "flag-answer", "deliberation"];

    private Campaign() { }

    public Campaign(string slug, string title, string organiser, string election, DateTime now)
    {
        Id = Guid.CreateVersion7();
        Slug = RequireSlug(slug);
        CreatedAt = UpdatedAt = now;
        Describe(title, organiser, election, null, CampaignStatus.Open, null, false, now);
    }

    public Guid Id { get; private set; }
    public string Slug { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string Organiser { get; private set; } = "";
    /// <summary>The election the campaign is about, e.g. « municipales-2026 ».</summary>
    public string Election { get; private set; } = "";
    public string? Description { get; private set; }
    public CampaignStatus Status { get; private set; }
    /// <summary>The last day answers are taken: the lists' answer links expire at the end of that day (Paris time).</summary>
    public DateOnly? ClosesOn { get; private set; }
    /// <summary>A template shipped with the product, not any organisation's official text.</summary>
    public bool IsTemplate { get; private set; }
    public List<Measure> Measures { get; private set; } = [];
    /// <summary>Optimistic concurrency: incremented on every change, exposed as the ETag.</summary>
    public int Version { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }

    public bool IsOpen => Status == CampaignStatus.Open;

    public Measure? Measure(string? code) =>
        code is null ? null : Measures.FirstOrDefault(m => string.Equals(m.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));

    public void Describe(string title, string organiser, string election, string? description, CampaignStatus status,
        DateOnly? closesOn, bool isTemplate, DateTime now)
    {
        Title = Require(title, "title", TitleMax, "Un titre est obligatoire.");
        Organiser = Require(organiser, "organiser", OrganiserMax, "L'organisation qui mène la campagne est obligatoire.");
        Election = RequireSlug(election, "election");
        if (Election.Length > ElectionMax) throw new DomainRuleException("election", $"{ElectionMax} caractères au plus.");
        Description = Optional(description, "description", DescriptionMax);
        if (closesOn is { } day && (day.Year < 1990 || day.Year > 2100))
            throw new DomainRuleException("closesOn", "La date de clôture doit être comprise entre 1990 et 2100.");
        Status = status;
        ClosesOn = closesOn;
        IsTemplate = isTemplate;
        Touch(now);
    }

    /// <summary>Replaces the measures: codes unique, each with a title, a text and known evidence kinds.</summary>
    public void SetMeasures(IReadOnlyList<Measure> measures, DateTime now)
    {
        if (measures.Count == 0) throw new DomainRuleException("measures", "Une campagne pose au moins une mesure.");
        if (measures.Count > MeasuresMax) throw new DomainRuleException("measures", $"{MeasuresMax} mesures au plus.");
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < measures.Count; i++)
        {
            measures[i].Check($"measures[{i}]");
            if (!seen.Add(measures[i].Code))
                throw new DomainRuleException($"measures[{i}].code", $"Le code « {measures[i].Code} » est déjà celui d'une autre mesure.");
        }
        Measures = [.. measures];
        Touch(now);
    }

    /// <summary>When a list's private answer link stops working: the end of the closing day, Paris time.</summary>
    public DateTime? AnswerLinksExpireAt() =>
        ClosesOn is { } day
            ? TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), ParisTime)
            : null;

    internal static readonly TimeZoneInfo ParisTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version++;
    }

    internal static string RequireSlug(string? value, string field = "slug")
    {
        var slug = value?.Trim().ToLowerInvariant() ?? "";
        if (slug.Length == 0) throw new DomainRuleException(field, "Valeur obligatoire (lettres minuscules, chiffres et tirets).");
        if (slug.Length > SlugMax) throw new DomainRuleException(field, $"{SlugMax} caractères au plus.");
        if (!SlugPattern().IsMatch(slug))
            throw new DomainRuleException(field, $"« {value!.Trim()} » : lettres minuscules sans accent, chiffres et tirets seulement (par ex. municipales-2026).");
        return slug;
    }

    internal static string Require(string? value, string field, int max, string message) =>
        Optional(value, field, max) ?? throw new DomainRuleException(field, message);

    internal static string? Optional(string? value, string field, int max)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > max) throw new DomainRuleException(field, $"{max} caractères au plus ({text.Length} reçus).");
        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\t' or '\r')))
            throw new DomainRuleException(field, "Le texte contient des caractères de contrôle.");
        return text;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}

/// <summary>One question put to every list: a code (« M1 »), a title, its text, a theme and what can support it.</summary>
public sealed class Measure
{
    public const int CodeMax = 20;
    public const int TitleMax = 300;
    public const int TextMax = 4000;

    public string Code { get; set; } = "";
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    /// <summary>A theme slug of the register (« human-rights », « peace »…).</summary>
    public string Theme { get; set; } = "";
    /// <summary>Engagement kinds (« honorary-citizenship »…) and events (« suspension », « flag-answer », « deliberation »).</summary>
    public List<string> EvidenceKinds { get; set; } = [];

    /// <summary>Whether an engagement of that kind, or that event, supports the measure.</summary>
    public bool IsSupportedBy(string evidence) => EvidenceKinds.Contains(evidence, StringComparer.Ordinal);

    internal void Check(string field)
    {
        Code = Campaign.Require(Code, field + ".code", CodeMax, "Le code de la mesure est obligatoire (par ex. M1).");
        Title = Campaign.Require(Title, field + ".title", TitleMax, "Le titre de la mesure est obligatoire.");
        Text = Campaign.Require(Text, field + ".text", TextMax, "Le texte de la mesure est obligatoire.");
        var theme = Slugs.Parse<Theme>(Theme)
                    ?? throw new DomainRuleException(field + ".theme", $"« {Theme} » n'est pas un thème ; valeurs possibles : {Slugs.List<Theme>()}.");
        Theme = Slugs.Of(theme);
        var kinds = new List<string>();
        for (var i = 0; i < EvidenceKinds.Count; i++)
        {
            var kind = EvidenceKinds[i]?.Trim().ToLowerInvariant() ?? "";
            if (EngagementKinds.FromSlug(kind) is null && !Campaign.EvidenceEvents.Contains(kind))
                throw new DomainRuleException($"{field}.evidenceKinds[{i}]",
                    $"« {EvidenceKinds[i]} » n'est ni un type d'engagement ({string.Join(", ", Enum.GetValues<EngagementKind>().Select(EngagementKinds.Slug))}) " +
                    $"ni un événement ({string.Join(", ", Campaign.EvidenceEvents)}).");
            if (!kinds.Contains(kind)) kinds.Add(kind);
        }
        EvidenceKinds = kinds;
    }
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.ToTable("Campaigns");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => c.Slug).IsUnique();
        builder.Property(c => c.Slug).HasMaxLength(Campaign.SlugMax);
        builder.Property(c => c.Title).HasMaxLength(Campaign.TitleMax);
        builder.Property(c => c.Organiser).HasMaxLength(Campaign.OrganiserMax);
        builder.Property(c => c.Election).HasMaxLength(Campaign.ElectionMax);
        builder.Property(c => c.Description).HasMaxLength(Campaign.DescriptionMax);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.OwnsMany(c => c.Measures, b => b.ToJson());
    }
}
