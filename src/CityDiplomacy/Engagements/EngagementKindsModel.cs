using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CityDiplomacy.Engagements;

/// <summary>Jumelage: one partner local authority abroad, decided by the council, with its twinning committee.</summary>
public sealed class Twinning : Engagement
{
    private Twinning() { }

    public Twinning(string communeCode, string title) : base(EngagementKind.Twinning, communeCode, title) { }

    /// <summary>The title of a twinning registered without one: « Jumelage avec Cracovie ».</summary>
    public static string DefaultTitle(string partnerName) => $"Jumelage avec {partnerName}";

    /// <summary>Comité de jumelage (association).</summary>
    public string? CommitteeName { get; private set; }
    /// <summary>RNA number of the committee (W + 9 digits), optional.</summary>
    public string? CommitteeRna { get; private set; }

    protected override void ValidatePartners(IReadOnlyList<EngagementPartner> partners)
    {
        if (partners.Count != 1)
            throw new DomainRuleException("partner", "Un jumelage lie la commune à une seule collectivité étrangère.");
    }

    public void SetCommittee(string? name, string? rna)
    {
        EnsureEditable();
        rna = Clean(rna, "committeeRna")?.ToUpperInvariant();
        if (rna is not null && !(rna.Length == 10 && rna[0] == 'W' && rna[1..].All(char.IsAsciiDigit)))
            throw new DomainRuleException("committeeRna", $"« {rna} » n'est pas un numéro RNA (W suivi de 9 chiffres).");
        CommitteeName = Clean(name, "committeeName");
        CommitteeRna = rna;
    }
}

public enum Funder { Commune, State, Afd, EuropeanUnion, Other }

/// <summary>A budget line of a cooperation project for one year, in euro cents.</summary>
public sealed record BudgetLine(int Year, long AmountCents, Funder Funder, string? Note);

/// <summary>Projet de coopération décentralisée (AECT), with one or more foreign local authorities.</summary>
public sealed class CooperationProject : Engagement
{
    private CooperationProject() { }

    public CooperationProject(string communeCode, string title) : base(EngagementKind.CooperationProject, communeCode, title) { }

    public string? Objectives { get; private set; }
    /// <summary>OECD DAC / CRS purpose code (5 digits), optional.</summary>
    public string? DacSectorCode { get; private set; }
    public DateOnly? ConventionSignedOn { get; private set; }
    public DateOnly? TransmittedToPrefectOn { get; private set; }
    public List<BudgetLine> BudgetLines { get; private set; } = [];

    protected override void ValidatePartners(IReadOnlyList<EngagementPartner> partners)
    {
        if (partners.Count == 0)
            throw new DomainRuleException("partners", "Un projet de coopération décentralisée a au moins une autorité locale étrangère partenaire.");
    }

    public void SetProject(string? objectives, string? dacSectorCode, DateOnly? conventionSignedOn, DateOnly? transmittedToPrefectOn)
    {
        EnsureEditable();
        dacSectorCode = Clean(dacSectorCode);
        if (dacSectorCode is not null && !(dacSectorCode.Length == 5 && dacSectorCode.All(char.IsAsciiDigit)))
            throw new DomainRuleException("dacSectorCode", $"« {dacSectorCode} » n'est pas un code-objet CRS du CAD de l'OCDE (5 chiffres).");
        if (conventionSignedOn is { } signed && transmittedToPrefectOn is { } transmitted && transmitted < signed)
            throw new DomainRuleException("transmittedToPrefectOn", "La transmission au préfet ne peut précéder la signature de la convention.");
        Ranges.CheckDate(conventionSignedOn, "conventionSignedOn");
        Ranges.CheckDate(transmittedToPrefectOn, "transmittedToPrefectOn");
        Objectives = Clean(objectives);
        DacSectorCode = dacSectorCode;
        ConventionSignedOn = conventionSignedOn;
        TransmittedToPrefectOn = transmittedToPrefectOn;
    }

    public void ReplaceBudget(IEnumerable<BudgetLine> lines)
    {
        EnsureEditable();
        var given = lines.ToList();
        Ranges.CheckCount(given.Count, Ranges.MaxBudgetLines, "budgetLines");
        for (var i = 0; i < given.Count; i++)
        {
            var line = given[i];
            if (line.AmountCents < 0) throw new DomainRuleException("budgetLines", $"Montant négatif pour {line.Year} : les montants sont positifs ou nuls.");
            Ranges.CheckAmount(line.AmountCents, $"budgetLines[{i}].amountCents");
            if (line.Year is < 1950 or > 2100) throw new DomainRuleException("budgetLines", $"Année {line.Year} invalide.");
            TextRule.Check(line.Note, $"budgetLines[{i}].note");
        }
        BudgetLines = given.OrderBy(l => l.Year).ThenBy(l => l.Funder).ToList();
    }
}

public enum PartnershipType { Attractiveness, University, Culture, Youth, CrossBorder, Friendship, Other }

/// <summary>Autre partenariat: attractivité, université, culture, jeunesse, transfrontalier, pacte d'amitié.</summary>
public sealed class Partnership : Engagement
{
    private Partnership() { }

    public Partnership(string communeCode, string title, PartnershipType type) : base(EngagementKind.Partnership, communeCode, title) => PartnershipType = type;

    public PartnershipType PartnershipType { get; private set; }

    public void SetType(PartnershipType type)
    {
        EnsureEditable();
        PartnershipType = type;
    }
}

public enum DefenderSituation { Detained, Sentenced, Released, MedicalRelease, Exiled, Deceased, Unknown }

/// <summary>A dated, sourced fact about the honoured person's situation.</summary>
public sealed record SituationEvent(DateOnly On, DefenderSituation Situation, string? Summary, string? SourceUrl, bool DayUnknown = false);

/// <summary>Citoyenneté d'honneur: protects a human-rights defender. Its confidential fields never leave the workspace.</summary>
public sealed class HonoraryCitizenship : Engagement
{
    private HonoraryCitizenship() { }

    public HonoraryCitizenship(string communeCode, string personName) : base(EngagementKind.HonoraryCitizenship, communeCode, personName) =>
        PersonName = RequireText(personName, "personName", "Le nom de la personne honorée est obligatoire.");

    public string PersonName { get; private set; } = "";
    /// <summary>ISO alpha-2 country of the person.</summary>
    public string? PersonCountry { get; private set; }
    /// <summary>Journalist, lawyer, activist…</summary>
    public string? PersonRole { get; private set; }
    public string? Reason { get; private set; }
    public DateOnly? CouncilVoteOn { get; private set; }
    public string? CampaignUrl { get; private set; }
    public List<SituationEvent> Situation { get; private set; } = [];
    /// <summary>Confidential: never in a public page, API response or export.</summary>
    public string? ConfidentialNotes { get; private set; }
    /// <summary>Confidential: never in a public page, API response or export.</summary>
    public string? ConfidentialContacts { get; private set; }

    public SituationEvent? CurrentSituation => Situation.OrderBy(s => s.On).LastOrDefault();

    public void SetPerson(string personName, string? country, string? role, string? reason, DateOnly? councilVoteOn, string? campaignUrl)
    {
        EnsureEditable();
        PersonName = RequireText(personName, "personName", "Le nom de la personne honorée est obligatoire.");
        PersonCountry = Clean(country, "personCountry")?.ToUpperInvariant();
        PersonRole = Clean(role, "personRole");
        Reason = Clean(reason, "citizenshipReason");
        Ranges.CheckDate(councilVoteOn, "councilVoteOn");
        CouncilVoteOn = councilVoteOn;
        CampaignUrl = Clean(campaignUrl);
    }

    private static void CheckSituation(SituationEvent situation, string field)
    {
        Ranges.CheckDate(situation.On, field + ".on");
        TextRule.Check(situation.Summary, field + ".summary");
        TextRule.Check(situation.SourceUrl, field + ".sourceUrl");
    }

    public void SetConfidential(string? notes, string? contacts)
    {
        ConfidentialNotes = Clean(notes, "confidentialNotes");
        ConfidentialContacts = Clean(contacts, "confidentialContacts");
    }

    public void ReplaceSituation(IEnumerable<SituationEvent> events)
    {
        EnsureEditable();
        var list = events.ToList();
        Ranges.CheckCount(list.Count, Ranges.MaxSituationEvents, "situation");
        for (var i = 0; i < list.Count; i++) CheckSituation(list[i], $"situation[{i}]");
        Situation = list.OrderBy(e => e.On).ToList();
    }

    public void AddSituation(SituationEvent situation)
    {
        EnsureEditable();
        Ranges.CheckCount(Situation.Count + 1, Ranges.MaxSituationEvents, "situation");
        CheckSituation(situation, $"situation[{Situation.Count}]");
        Situation.Add(situation);
        Situation.Sort((a, b) => a.On.CompareTo(b.On));
    }
}

/// <summary>Adhésion à un réseau de villes du catalogue.</summary>
public sealed class NetworkMembership : Engagement
{
    private NetworkMembership() { }

    public NetworkMembership(string communeCode, string title, int networkId) : base(EngagementKind.NetworkMembership, communeCode, title) => NetworkId = networkId;

    public int NetworkId { get; private set; }
    public CityNetwork? Network { get; private set; }
    public string? Commitments { get; private set; }
    /// <summary>Annual fee in euro cents.</summary>
    public long? FeeCents { get; private set; }

    public void SetMembership(int networkId, string? commitments, long? feeCents)
    {
        EnsureEditable();
        if (feeCents < 0) throw new DomainRuleException("feeCents", "La cotisation est un montant positif ou nul.");
        Ranges.CheckAmount(feeCents, "feeCents");
        NetworkId = networkId;
        Commitments = Clean(commitments);
        FeeCents = feeCents;
    }
}

/// <summary>Sommet ou participation multilatérale (COP, congrès…).</summary>
public sealed class Summit : Engagement
{
    private Summit() { }

    public Summit(string communeCode, string title) : base(EngagementKind.Summit, communeCode, title) { }

    public string? EventName { get; private set; }
    public string? PlaceName { get; private set; }
    public string? Role { get; private set; }
    public string? Delegation { get; private set; }
    public string? Outcome { get; private set; }

    public void SetEvent(string? eventName, string? placeName, string? role, string? delegation, string? outcome)
    {
        EnsureEditable();
        EventName = Clean(eventName);
        PlaceName = Clean(placeName);
        Role = Clean(role);
        Delegation = Clean(delegation);
        Outcome = Clean(outcome);
    }
}

/// <summary>Célébration d'une journée mondiale du catalogue, une année donnée.</summary>
public sealed class WorldDayObservance : Engagement
{
    private WorldDayObservance() { }

    public WorldDayObservance(string communeCode, string title, int worldDayId, int year) : base(EngagementKind.WorldDay, communeCode, title)
    {
        WorldDayId = worldDayId;
        SetYear(year);
    }

    public int WorldDayId { get; private set; }
    public WorldDay? WorldDay { get; private set; }
    public int Year { get; private set; }
    public string? Actions { get; private set; }

    public void SetObservance(int worldDayId, int year, string? actions)
    {
        EnsureEditable();
        WorldDayId = worldDayId;
        SetYear(year);
        Actions = Clean(actions);
    }

    private void SetYear(int year)
    {
        if (year is < 1945 or > 2100) throw new DomainRuleException("year", $"Année {year} invalide.");
        Year = year;
    }
}

internal sealed class EngagementSubtypesConfiguration :
    IEntityTypeConfiguration<Twinning>, IEntityTypeConfiguration<CooperationProject>, IEntityTypeConfiguration<Partnership>,
    IEntityTypeConfiguration<HonoraryCitizenship>, IEntityTypeConfiguration<NetworkMembership>, IEntityTypeConfiguration<Summit>,
    IEntityTypeConfiguration<WorldDayObservance>
{
    public void Configure(EntityTypeBuilder<Twinning> builder)
    {
        builder.Property(t => t.CommitteeName).HasMaxLength(300);
        builder.Property(t => t.CommitteeRna).HasMaxLength(10);
    }

    public void Configure(EntityTypeBuilder<CooperationProject> builder)
    {
        builder.Property(c => c.Objectives).HasMaxLength(4000);
        builder.Property(c => c.DacSectorCode).HasMaxLength(5);
        builder.OwnsMany(c => c.BudgetLines, b =>
        {
            b.ToJson();
            b.Property(l => l.Funder).HasConversion<string>();
        });
    }

    public void Configure(EntityTypeBuilder<Partnership> builder) =>
        builder.Property(p => p.PartnershipType).HasConversion<string>().HasMaxLength(32);

    public void Configure(EntityTypeBuilder<HonoraryCitizenship> builder)
    {
        builder.Property(h => h.PersonName).HasMaxLength(200);
        builder.Property(h => h.PersonCountry).HasMaxLength(2);
        builder.Property(h => h.PersonRole).HasMaxLength(200);
        builder.Property(h => h.Reason).HasMaxLength(4000);
        builder.Property(h => h.CampaignUrl).HasMaxLength(1000);
        builder.Property(h => h.ConfidentialNotes).HasMaxLength(8000);
        builder.Property(h => h.ConfidentialContacts).HasMaxLength(4000);
        builder.OwnsMany(h => h.Situation, b =>
        {
            b.ToJson();
            b.Property(s => s.Situation).HasConversion<string>();
        });
        builder.Ignore(h => h.CurrentSituation);
    }

    public void Configure(EntityTypeBuilder<NetworkMembership> builder)
    {
        builder.Property(n => n.Commitments).HasMaxLength(4000);
        builder.HasOne(n => n.Network).WithMany().HasForeignKey(n => n.NetworkId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Summit> builder)
    {
        builder.Property(s => s.EventName).HasMaxLength(300);
        builder.Property(s => s.PlaceName).HasMaxLength(200);
        builder.Property(s => s.Role).HasMaxLength(300);
        builder.Property(s => s.Delegation).HasMaxLength(1000);
        builder.Property(s => s.Outcome).HasMaxLength(4000);
    }

    public void Configure(EntityTypeBuilder<WorldDayObservance> builder)
    {
        builder.Property(w => w.Actions).HasMaxLength(4000);
        builder.HasOne(w => w.WorldDay).WithMany().HasForeignKey(w => w.WorldDayId).OnDelete(DeleteBehavior.Restrict);
    }
}
