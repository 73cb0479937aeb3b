using System.ComponentModel;
using System.Text.Json.Serialization;
using CityDiplomacy.Data;
using CityDiplomacy.Places;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Engagements;

/// <summary>
/// One input shape per kind of engagement, shared by the API body, the workspace forms and the importer. Dates and
/// enumerations arrive as text: <see cref="Validate"/> checks them all at once (field errors, a 400 for the API), then
/// <see cref="CreateAsync"/> or <see cref="ApplyToAsync"/> resolve partners and catalogue entries and call the
/// entity's rule methods, whose <see cref="DomainRuleException"/> names the input's field (a 422 for the API).
/// </summary>
public abstract class EngagementInput
{
    [Description("Intitulé (300 caractères au plus). Facultatif pour un jumelage (« Jumelage avec … »), une citoyenneté d'honneur (le nom de la personne), une adhésion (le nom du réseau), une journée mondiale (son nom et l'année) et un sommet (le nom de l'événement).")]
    public string? Title { get; set; }

    public string? Description { get; set; }

    [Description("public (par défaut à la création) ou internal. Absent d'une modification : inchangée.")]
    public string? Visibility { get; set; }

    [Description("Thèmes : climate-emergency, digital-technology, migration, feminist-diplomacy, human-rights, peace, culture, education-youth, economy-attractiveness, health, water-sanitation, cross-border.")]
    public List<string>? Themes { get; set; }

    [Description("proposed (par défaut), active, dormant, suspended ou ended. À la création : le statut initial ; en modification : un changement de statut (une reprise après suspension passe par /resume).")]
    public string? Status { get; set; }

    [Description("Motif du statut : obligatoire pour suspended et ended.")]
    public string? StatusReason { get; set; }

    [Description("Date d'effet du statut, AAAA-MM-JJ : obligatoire pour suspended et ended.")]
    public string? StatusOn { get; set; }

    [Description("Une délibération du conseil municipal (s'ajoute à « deliberations »).")]
    public DeliberationInput? Deliberation { get; set; }

    public List<DeliberationInput>? Deliberations { get; set; }

    public List<DocumentInput>? Documents { get; set; }

    [Description("Élu(e) référent(e).")]
    public string? ResponsibleOfficial { get; set; }

    [Description("Agent(e) en charge.")]
    public string? ResponsibleOfficer { get; set; }

    [Description("Notes libres : seul champ encore modifiable quand l'engagement est terminé.")]
    public string? Notes { get; set; }

    [Description("Journal d'activité : échanges, visites, voyages scolaires, courriers, événements…")]
    public List<ActivityInput>? Activities { get; set; }

    protected EngagementInput(EngagementKind kind) => Kind = kind;

    [JsonIgnore]
    public EngagementKind Kind { get; }

    /// <summary>Every field error of this input, at once; empty when it can be applied.</summary>
    public InputErrors Validate()
    {
        var errors = new InputErrors();
        errors.Text(Title, "title", 300, HasDefaultTitle ? null : "L'intitulé est obligatoire.");
        errors.Text(Description, "description", 4000);
        errors.Slug<Visibility>(Visibility, "visibility");
        foreach (var theme in Themes ?? [])
            if (Slugs.Parse<Theme>(theme) is null)
                errors.Report("themes", $"« {theme} » n'est pas un thème ; thèmes possibles : {Slugs.List<Theme>()}.");
        errors.Slug<EngagementStatus>(Status, "status");
        errors.Text(StatusReason, "statusReason", 2000);
        errors.Date(StatusOn, "statusOn");
        Deliberation?.Validate(errors, "deliberation");
        for (var i = 0; i < (Deliberations?.Count ?? 0); i++)
        {
            if (Deliberations![i] is { } deliberation) deliberation.Validate(errors, $"deliberations[{i}]");
            else errors.Report($"deliberations[{i}]", "Délibération vide.");
        }
        for (var i = 0; i < (Documents?.Count ?? 0); i++)
        {
            if (Documents![i] is { } document) document.Validate(errors, $"documents[{i}]");
            else errors.Report($"documents[{i}]", "Document vide.");
        }
        errors.Text(ResponsibleOfficial, "responsibleOfficial", 200);
        errors.Text(ResponsibleOfficer, "responsibleOfficer", 200);
        errors.Text(Notes, "notes", 8000);
        for (var i = 0; i < (Activities?.Count ?? 0); i++)
        {
            if (Activities![i] is { } activity) activity.Validate(errors, $"activities[{i}]");
            else errors.Report($"activities[{i}]", "Activité vide.");
        }
        ValidateKind(errors);
        return errors;
    }

    /// <summary>A new engagement of the commune from this input, with its initial status; not yet added to the database.</summary>
    /// <param name="places">The resolver of partners given by name; without one, it is built from the database when needed.</param>
    public async Task<Engagement> CreateAsync(string communeCode, AppDb db, IPlaceResolverSource? places = null,
        CancellationToken cancellationToken = default)
    {
        EnsureValid();
        _places = places;
        _clock = db.Clock;
        var references = await ResolveAsync(db, cancellationToken);
        return NamingFields(() =>
        {
            var engagement = Construct(communeCode, TitleFor(references), references);
            ApplyFields(engagement, references, basis: null);
            // Without an explicit status, an engagement with a start (signing, joining) date is in force; else proposed.
            var initial = Slugs.Parse<EngagementStatus>(Status)
                ?? (engagement.StartedOn is null ? EngagementStatus.Proposed : EngagementStatus.Active);
            engagement.Start(initial, IsoDate.Parse(StatusOn), StatusReason);
            ApplyAlwaysEditable(engagement);
            return engagement;
        });
    }

    /// <summary>
    /// Replaces the engagement's fields with this input (omitted visibility, status and confidential fields stay as
    /// they are). An ended engagement accepts a change of its notes only: any other difference is refused, naming it.
    /// </summary>
    public async Task ApplyToAsync(Engagement engagement, AppDb db, IPlaceResolverSource? places = null,
        CancellationToken cancellationToken = default)
    {
        _places = places;
        _clock = db.Clock;
        _current = engagement.Partners;
        if (engagement.Kind != Kind)
            throw new ArgumentException($"Saisie de {EngagementKinds.Label(Kind)} appliquée à un engagement de type {EngagementKinds.Label(engagement.Kind)}.", nameof(engagement));
        EnsureValid();
        var references = await ResolveAsync(db, cancellationToken);
        NamingFields(() =>
        {
            if (engagement.IsReadOnly)
            {
                var wanted = Construct(engagement.CommuneCode, TitleFor(references), references);
                ApplyFields(wanted, references, basis: engagement);
                if (EngagementChanges.EditableFieldsChanged(engagement, wanted) is [var first, ..])
                    throw new DomainRuleException(first, "Cet engagement est terminé : seules ses notes peuvent encore être modifiées.");
            }
            else
            {
                ApplyFields(engagement, references, basis: engagement);
                ChangeStatus(engagement);
            }
            ApplyAlwaysEditable(engagement);
            return engagement;
        });
    }

    /// <summary>The input that reproduces the engagement, to fill an edit form (confidential fields left empty: unchanged).</summary>
    public static EngagementInput For(Engagement engagement)
    {
        EngagementInput input = engagement switch
        {
            Twinning t => TwinningInput.From(t),
            CooperationProject c => CooperationProjectInput.From(c),
            Partnership p => PartnershipInput.From(p),
            HonoraryCitizenship h => HonoraryCitizenshipInput.From(h),
            NetworkMembership n => NetworkMembershipInput.From(n),
            Summit s => SummitInput.From(s),
            WorldDayObservance w => WorldDayInput.From(w),
            _ => throw new ArgumentOutOfRangeException(nameof(engagement), engagement.Kind, null),
        };
        input.Title = engagement.Title;
        input.Description = engagement.Description;
        input.Visibility = Slugs.Of(engagement.Visibility);
        input.Themes = engagement.Themes.Select(t => Slugs.Of(t)).ToList();
        input.Status = Slugs.Of(engagement.Status);
        input.StatusReason = engagement.StatusReason;
        input.StatusOn = IsoDate.Write(engagement.StatusChangedOn);
        input.Deliberations = engagement.Deliberations.OrderBy(d => d.Date).Select(DeliberationInput.From).ToList();
        input.Documents = engagement.Documents.Select(d => new DocumentInput { Title = d.Title, Url = d.Url }).ToList();
        input.ResponsibleOfficial = engagement.ResponsibleOfficial;
        input.ResponsibleOfficer = engagement.ResponsibleOfficer;
        input.Notes = engagement.Notes;
        input.Activities = engagement.Activities.Select(ActivityInput.From).ToList();
        return input;
    }

    /// <summary>An empty input of that kind: its JSON shape, and its names for the entity's fields.</summary>
    public static EngagementInput Blank(EngagementKind kind) => kind switch
    {
        EngagementKind.Twinning => new TwinningInput(),
        EngagementKind.CooperationProject => new CooperationProjectInput(),
        EngagementKind.Partnership => new PartnershipInput(),
        EngagementKind.HonoraryCitizenship => new HonoraryCitizenshipInput(),
        EngagementKind.NetworkMembership => new NetworkMembershipInput(),
        EngagementKind.Summit => new SummitInput(),
        _ => new WorldDayInput(),
    };

    /// <summary>Partners and catalogue entries read from the database.</summary>
    protected sealed record References(IReadOnlyList<EngagementPartner> Partners, CityNetwork? Network = null, WorldDay? WorldDay = null)
    {
        public static readonly References None = new([]);
    }

    protected abstract void ValidateKind(InputErrors errors);

    protected virtual Task<References> ResolveAsync(AppDb db, CancellationToken cancellationToken) => Task.FromResult(References.None);

    private IPlaceResolverSource? _places;
    private TimeProvider _clock = TimeProvider.System;

    /// <summary>Today, for the rules that refuse a signature or a vote beyond next year.</summary>
    protected DateOnly Today => Ranges.Today(_clock);
    private IReadOnlyCollection<EngagementPartner>? _current;

    /// <summary>The resolver of partners given by name, for <see cref="ResolveAsync"/>.</summary>
    protected IPlaceResolverSource? Places => _places;

    /// <summary>The partners of the engagement being edited (null for a new one): one located by its source is kept when named unchanged.</summary>
    protected IReadOnlyCollection<EngagementPartner>? Current => _current;

    protected abstract Engagement Construct(string communeCode, string title, References references);

    /// <summary>The kind's own fields, partners and dates; called on a valid input, inside the rule checks.</summary>
    protected abstract void ApplyKind(Engagement engagement, References references);

    protected virtual bool HasDefaultTitle => false;

    protected virtual string? DefaultTitle(References references) => null;

    /// <summary>Fields that an ended engagement still accepts (besides its notes).</summary>
    protected virtual void ApplyAlwaysEditable(Engagement engagement) => engagement.SetNotes(Notes);

    /// <summary>The input's name of a field named by the entity (its rule exceptions and its audit snapshot).</summary>
    protected internal virtual string FieldFor(string entityField) => entityField switch
    {
        "reason" => "statusReason",
        "on" => "statusOn",
        "startedOn" => "startOn",
        "endedOn" => "endOn",
        _ when Deliberation is not null && entityField.StartsWith("deliberations[", StringComparison.Ordinal) => SingleDeliberationField(entityField),
        _ => entityField,
    };

    /// <summary>The entity numbers « deliberation » first, then « deliberations »: its index 0 is the single one.</summary>
    private static string SingleDeliberationField(string entityField)
    {
        var close = entityField.IndexOf(']', StringComparison.Ordinal);
        if (close < 0 || !int.TryParse(entityField.AsSpan(14, close - 14), out var index)) return entityField;
        return index == 0 ? "deliberation" + entityField[(close + 1)..] : $"deliberations[{index - 1}]{entityField[(close + 1)..]}";
    }

    private void ApplyFields(Engagement engagement, References references, Engagement? basis)
    {
        var visibility = Slugs.Parse<Visibility>(Visibility) ?? (basis ?? engagement).Visibility;
        var themes = (Themes ?? []).Select(t => Slugs.Parse<Theme>(t)!.Value);
        engagement.Describe(TitleFor(references), Description, visibility, themes, ResponsibleOfficial, ResponsibleOfficer);

        var today = Ranges.Today(_clock);
        var given = (Deliberation is null ? [] : new[] { Deliberation }).Concat(Deliberations ?? []).ToList();
        for (var i = 0; i < given.Count; i++)
            Ranges.CheckNotFarFuture(IsoDate.Parse(given[i].Date), $"deliberations[{i}].date", today);
        var deliberations = given
            .Select(d => d.ToDeliberation())
            .Select(wanted => engagement.Deliberations.FirstOrDefault(d => DeliberationInput.Same(d, wanted)) ?? wanted)
            .ToList();
        if (!deliberations.SequenceEqual(engagement.Deliberations)) engagement.ReplaceDeliberations(deliberations);

        var documents = (Documents ?? []).Select(d => new DocumentLink(d.Title!.Trim(), d.Url!.Trim())).ToList();
        if (!documents.SequenceEqual(engagement.Documents)) engagement.ReplaceDocuments(documents);

        // Given in the input's order, so that a refusal names the input's index; stored by date.
        var activities = (Activities ?? []).Select(a => a.ToActivity()).ToList();
        if (!activities.OrderBy(a => a.On).SequenceEqual(engagement.Activities)) engagement.ReplaceActivities(activities);

        ApplyKind(engagement, references);
    }

    /// <summary>A status different from the current one, through the entity's transitions (resuming has its own action).</summary>
    private void ChangeStatus(Engagement engagement)
    {
        if (Slugs.Parse<EngagementStatus>(Status) is not { } target || target == engagement.Status) return;
        var on = IsoDate.Parse(StatusOn);
        switch (target)
        {
            case EngagementStatus.Active when engagement.Status == EngagementStatus.Suspended:
                throw new DomainRuleException("status",
                    "Reprendre un engagement suspendu demande une nouvelle délibération : utilisez l'action « reprendre » en la citant.");
            case EngagementStatus.Active:
                engagement.Activate(on ?? throw MissingStatusDate());
                break;
            case EngagementStatus.Dormant:
                engagement.PutToSleep(on ?? throw MissingStatusDate(), StatusReason);
                break;
            case EngagementStatus.Suspended:
                engagement.Suspend(StatusReason, on);
                break;
            case EngagementStatus.Ended:
                engagement.End(StatusReason, on);
                break;
            default:
                throw new DomainRuleException("status",
                    $"Un engagement {EngagementStatuses.Label(engagement.Status)} ne peut pas revenir « {EngagementStatuses.Label(target)} ».");
        }
    }

    private static DomainRuleException MissingStatusDate() => new("on", "La date du changement de statut est obligatoire.");

    private string TitleFor(References references) =>
        Clean(Title) ?? DefaultTitle(references) ?? throw new DomainRuleException("title", "L'intitulé est obligatoire.");

    private void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0) throw new InvalidInputException(errors);
    }

    /// <summary>Runs entity rules, renaming the fields they name to the input's own names.</summary>
    private T NamingFields<T>(Func<T> apply)
    {
        try
        {
            return apply();
        }
        catch (DomainRuleException rule) when (FieldFor(rule.Field) != rule.Field)
        {
            throw new DomainRuleException(FieldFor(rule.Field), rule.Message);
        }
    }

    protected static async Task<List<EngagementPartner>> ResolvePartnersAsync(AppDb db, IReadOnlyList<PartnerInput>? partners,
        string field, IPlaceResolverSource? places, CancellationToken cancellationToken, IReadOnlyCollection<EngagementPartner>? current = null)
    {
        var resolved = new List<EngagementPartner>();
        for (var i = 0; i < (partners?.Count ?? 0); i++)
            resolved.Add(await db.ResolvePartnerAsync(partners![i], $"{field}[{i}]", places, cancellationToken, current));
        return resolved;
    }

    protected static void ValidatePartners(InputErrors errors, List<PartnerInput>? partners, string field)
    {
        for (var i = 0; i < (partners?.Count ?? 0); i++)
        {
            if (partners![i] is { } partner) partner.Validate(errors, $"{field}[{i}]");
            else errors.Report($"{field}[{i}]", "Partenaire vide.");
        }
    }

    /// <summary>Keeps the stored rows of the partners that did not change.</summary>
    protected static void ReplacePartners(Engagement engagement, IEnumerable<EngagementPartner> partners)
    {
        var list = partners.Select(wanted => engagement.Partners.FirstOrDefault(p => PartnerLookup.Same(p, wanted)) ?? wanted).ToList();
        if (!list.SequenceEqual(engagement.Partners)) engagement.ReplacePartners(list);
    }

    protected static void SetDates(Engagement engagement, DateOnly? startedOn, DateOnly? endedOn)
    {
        if (startedOn != engagement.StartedOn || endedOn != engagement.EndedOn) engagement.SetDates(startedOn, endedOn);
    }

    internal static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Jumelage: one foreign local authority, decided by the council.</summary>
public sealed class TwinningInput : EngagementInput
{
    [Description("La collectivité jumelle : { \"geonameId\": 3094802 } ou { \"name\": \"Kraków\", \"country\": \"PL\" }.")]
    public PartnerInput? Partner { get; set; }

    [Description("Date de signature du serment de jumelage, AAAA-MM-JJ.")]
    public string? SignedOn { get; set; }

    [Description("Comité de jumelage (association) : nom et numéro RNA facultatif (W suivi de 9 chiffres).")]
    public CommitteeInput? Committee { get; set; }

    public TwinningInput() : base(EngagementKind.Twinning) { }

    protected override bool HasDefaultTitle => true;

    protected override string? DefaultTitle(References references) =>
        references.Partners is [var partner] ? Twinning.DefaultTitle(partner.Name) : null;

    protected override void ValidateKind(InputErrors errors)
    {
        if (Partner is null) errors.Report("partner", "La collectivité jumelle est obligatoire : { \"geonameId\": … } ou { \"name\": …, \"country\": … }.");
        else Partner.Validate(errors, "partner");
        errors.Date(SignedOn, "signedOn");
        errors.Text(Committee?.Name, "committee.name", 300);
        errors.Text(Committee?.Rna, "committee.rna", 10);
    }

    protected override async Task<References> ResolveAsync(AppDb db, CancellationToken cancellationToken) =>
        new([await db.ResolvePartnerAsync(Partner!, "partner", Places, cancellationToken, Current)]);

    protected override Engagement Construct(string communeCode, string title, References references) => new Twinning(communeCode, title);

    protected override void ApplyKind(Engagement engagement, References references)
    {
        var twinning = (Twinning)engagement;
        ReplacePartners(twinning, references.Partners);
        Ranges.CheckNotFarFuture(IsoDate.Parse(SignedOn), "signedOn", Today);
        SetDates(twinning, IsoDate.Parse(SignedOn), twinning.EndedOn);
        twinning.SetCommittee(Committee?.Name, Committee?.Rna);
    }

    protected internal override string FieldFor(string entityField) => entityField switch
    {
        "partners" => "partner",
        "startedOn" => "signedOn",
        "committeeName" => "committee.name",
        "committeeRna" => "committee.rna",
        _ => base.FieldFor(entityField),
    };

    internal static TwinningInput From(Twinning twinning) => new()
    {
        Partner = twinning.Partners.Select(PartnerInput.From).FirstOrDefault(),
        SignedOn = IsoDate.Write(twinning.StartedOn),
        Committee = twinning.CommitteeName is null && twinning.CommitteeRna is null ? null
            : new CommitteeInput { Name = twinning.CommitteeName, Rna = twinning.CommitteeRna },
    };
}

/// <summary>Projet de coopération décentralisée: foreign local authorities, convention, budget.</summary>
public sealed class CooperationProjectInput : EngagementInput
{
    [Description("Les autorités locales étrangères partenaires (jamais un État : CGCT L1115-5).")]
    public List<PartnerInput>? Partners { get; set; }

    public string? Objectives { get; set; }

    [Description("Code-objet CRS du CAD de l'OCDE (5 chiffres), facultatif.")]
    public string? DacSectorCode { get; set; }

    public string? StartOn { get; set; }
    public string? EndOn { get; set; }
    public string? ConventionSignedOn { get; set; }
    public string? TransmittedToPrefectOn { get; set; }

    [Description("Lignes budgétaires par année, en centimes d'euro ; financeur : commune, state, afd, eu ou other.")]
    public List<BudgetLineInput>? BudgetLines { get; set; }

    public CooperationProjectInput() : base(EngagementKind.CooperationProject) { }

    protected override void ValidateKind(InputErrors errors)
    {
        ValidatePartners(errors, Partners, "partners");
        errors.Text(Objectives, "objectives", 4000);
        errors.Text(DacSectorCode, "dacSectorCode", 5);
        errors.Date(StartOn, "startOn");
        errors.Date(EndOn, "endOn");
        errors.Date(ConventionSignedOn, "conventionSignedOn");
        errors.Date(TransmittedToPrefectOn, "transmittedToPrefectOn");
        for (var i = 0; i < (BudgetLines?.Count ?? 0); i++)
        {
            if (BudgetLines![i] is { } line) line.Validate(errors, $"budgetLines[{i}]");
            else errors.Report($"budgetLines[{i}]", "Ligne budgétaire vide.");
        }
    }

    protected override async Task<References> ResolveAsync(AppDb db, CancellationToken cancellationToken) =>
        new(await ResolvePartnersAsync(db, Partners, "partners", Places, cancellationToken, Current));

    protected override Engagement Construct(string communeCode, string title, References references) => new CooperationProject(communeCode, title);

    protected override void ApplyKind(Engagement engagement, References references)
    {
        var project = (CooperationProject)engagement;
        ReplacePartners(project, references.Partners);
        SetDates(project, IsoDate.Parse(StartOn), IsoDate.Parse(EndOn));
        project.SetProject(Objectives, DacSectorCode, IsoDate.Parse(ConventionSignedOn), IsoDate.Parse(TransmittedToPrefectOn));
        var lines = (BudgetLines ?? []).Select(l => l.ToBudgetLine()).ToList();
        if (!lines.OrderBy(l => l.Year).ThenBy(l => l.Funder).SequenceEqual(project.BudgetLines)) project.ReplaceBudget(lines);
    }

    internal static CooperationProjectInput From(CooperationProject project) => new()
    {
        Partners = project.Partners.Select(PartnerInput.From).ToList(),
        Objectives = project.Objectives,
        DacSectorCode = project.DacSectorCode,
        StartOn = IsoDate.Write(project.StartedOn),
        EndOn = IsoDate.Write(project.EndedOn),
        ConventionSignedOn = IsoDate.Write(project.ConventionSignedOn),
        TransmittedToPrefectOn = IsoDate.Write(project.TransmittedToPrefectOn),
        BudgetLines = project.BudgetLines.Select(BudgetLineInput.From).ToList(),
    };
}

/// <summary>Autre partenariat: attractiveness, university, culture, youth, cross-border, friendship pact.</summary>
public sealed class PartnershipInput : EngagementInput
{
    public List<PartnerInput>? Partners { get; set; }

    [Description("attractiveness, university, culture, youth, cross-border, friendship ou other (par défaut).")]
    public string? Type { get; set; }

    public string? StartOn { get; set; }
    public string? EndOn { get; set; }

    public PartnershipInput() : base(EngagementKind.Partnership) { }

    protected override void ValidateKind(InputErrors errors)
    {
        ValidatePartners(errors, Partners, "partners");
        errors.Slug<PartnershipType>(Type, "type");
        errors.Date(StartOn, "startOn");
        errors.Date(EndOn, "endOn");
    }

    protected override async Task<References> ResolveAsync(AppDb db, CancellationToken cancellationToken) =>
        new(await ResolvePartnersAsync(db, Partners, "partners", Places, cancellationToken, Current));

    private PartnershipType TypeValue => Slugs.Parse<PartnershipType>(Type) ?? PartnershipType.Other;

    protected override Engagement Construct(string communeCode, string title, References references) =>
        new Partnership(communeCode, title, TypeValue);

    protected override void ApplyKind(Engagement engagement, References references)
    {
        var partnership = (Partnership)engagement;
        ReplacePartners(partnership, references.Partners);
        SetDates(partnership, IsoDate.Parse(StartOn), IsoDate.Parse(EndOn));
        if (partnership.PartnershipType != TypeValue) partnership.SetType(TypeValue);
    }

    protected internal override string FieldFor(string entityField) =>
        entityField == "partnershipType" ? "type" : base.FieldFor(entityField);

    internal static PartnershipInput From(Partnership partnership) => new()
    {
        Partners = partnership.Partners.Select(PartnerInput.From).ToList(),
        Type = Slugs.Of(partnership.PartnershipType),
        StartOn = IsoDate.Write(partnership.StartedOn),
        EndOn = IsoDate.Write(partnership.EndedOn),
    };
}

/// <summary>Citoyenneté d'honneur. The confidential fields are written here and never read back by the API.</summary>
public sealed class HonoraryCitizenshipInput : EngagementInput
{
    [Description("La personne honorée : nom (obligatoire), pays (ISO alpha-2), rôle (journaliste, avocate, militant…).")]
    public PersonInput? Person { get; set; }

    public string? Reason { get; set; }

    [Description("Date du vote du conseil municipal, AAAA-MM-JJ.")]
    public string? CouncilVoteOn { get; set; }

    [Description("Campagne de soutien ou source.")]
    public string? CampaignUrl { get; set; }

    [Description("Chronologie datée et sourcée de la situation : detained, sentenced, released, medical-release, exiled, deceased, unknown.")]
    public List<SituationInput>? Situation { get; set; }

    [Description("Confidentiel, en écriture seule : jamais renvoyé par l'API. Absent : inchangé ; chaîne vide : effacé.")]
    public string? ConfidentialNotes { get; set; }

    [Description("Confidentiel, en écriture seule : jamais renvoyé par l'API. Absent : inchangé ; chaîne vide : effacé.")]
    public string? ConfidentialContacts { get; set; }

    public HonoraryCitizenshipInput() : base(EngagementKind.HonoraryCitizenship) { }

    protected override bool HasDefaultTitle => true;

    protected override string? DefaultTitle(References references) => Clean(Person?.Name);

    protected override void ValidateKind(InputErrors errors)
    {
        errors.Text(Person?.Name, "person.name", 200, "Le nom de la personne honorée est obligatoire.");
        errors.CountryCode(Person?.Country, "person.country");
        errors.Text(Person?.Role, "person.role", 200);
        errors.Text(Reason, "reason", 4000);
        errors.Date(CouncilVoteOn, "councilVoteOn");
        errors.Url(CampaignUrl, "campaignUrl");
        for (var i = 0; i < (Situation?.Count ?? 0); i++)
        {
            if (Situation![i] is { } situation) situation.Validate(errors, $"situation[{i}]");
            else errors.Report($"situation[{i}]", "Événement vide.");
        }
        errors.Text(ConfidentialNotes, "confidentialNotes", 8000);
        errors.Text(ConfidentialContacts, "confidentialContacts", 4000);
    }

    protected override Engagement Construct(string communeCode, string title, References references) =>
        new HonoraryCitizenship(communeCode, Person!.Name!.Trim());

    protected override void ApplyKind(Engagement engagement, References references)
    {
        var citizenship = (HonoraryCitizenship)engagement;
        var councilVoteOn = IsoDate.Parse(CouncilVoteOn);
        Ranges.CheckNotFarFuture(councilVoteOn, "councilVoteOn", Today);
        citizenship.SetPerson(Person!.Name!, Person.Country, Person.Role, Reason, councilVoteOn, CampaignUrl);
        SetDates(citizenship, councilVoteOn, citizenship.EndedOn);
        var events = (Situation ?? []).Select(s => s.ToSituationEvent()).ToList();
        if (!events.OrderBy(s => s.On).SequenceEqual(citizenship.Situation)) citizenship.ReplaceSituation(events);
    }

    protected override void ApplyAlwaysEditable(Engagement engagement)
    {
        base.ApplyAlwaysEditable(engagement);
        var citizenship = (HonoraryCitizenship)engagement;
        if (ConfidentialNotes is not null || ConfidentialContacts is not null)
            citizenship.SetConfidential(ConfidentialNotes ?? citizenship.ConfidentialNotes, ConfidentialContacts ?? citizenship.ConfidentialContacts);
    }

    protected internal override string FieldFor(string entityField) => entityField switch
    {
        "personName" => "person.name",
        "personCountry" => "person.country",
        "personRole" => "person.role",
        "startedOn" => "councilVoteOn",
        "currentSituation" => "situation",
        "citizenshipReason" => "reason",
        _ => base.FieldFor(entityField),
    };

    internal static HonoraryCitizenshipInput From(HonoraryCitizenship citizenship) => new()
    {
        Person = new PersonInput { Name = citizenship.PersonName, Country = citizenship.PersonCountry, Role = citizenship.PersonRole },
        Reason = citizenship.Reason,
        CouncilVoteOn = IsoDate.Write(citizenship.CouncilVoteOn),
        CampaignUrl = citizenship.CampaignUrl,
        Situation = citizenship.Situation.Select(SituationInput.From).ToList(),
    };
}

/// <summary>Adhésion à un réseau de villes du catalogue.</summary>
public sealed class NetworkMembershipInput : EngagementInput
{
    [Description("Code du réseau dans le catalogue (GET /api/catalogues/networks), par ex. c40, cglu, maires-pour-la-paix.")]
    public string? Network { get; set; }

    public string? JoinedOn { get; set; }
    public string? LeftOn { get; set; }
    public string? Commitments { get; set; }

    [Description("Cotisation annuelle en centimes d'euro (positive ou nulle).")]
    public long? FeeCents { get; set; }

    public NetworkMembershipInput() : base(EngagementKind.NetworkMembership) { }

    protected override bool HasDefaultTitle => true;

    protected override string? DefaultTitle(References references) => references.Network?.NameFr;

    protected override void ValidateKind(InputErrors errors)
    {
        errors.Text(Network, "network", 64, "Le réseau est obligatoire : un code du catalogue (GET /api/catalogues/networks).");
        errors.Date(JoinedOn, "joinedOn");
        errors.Date(LeftOn, "leftOn");
        errors.Text(Commitments, "commitments", 4000);
    }

    protected override async Task<References> ResolveAsync(AppDb db, CancellationToken cancellationToken)
    {
        var code = Network!.Trim().ToLowerInvariant();
        var network = await db.CityNetworks.AsNoTracking().FirstOrDefaultAsync(n => n.Code == code, cancellationToken)
            ?? throw new DomainRuleException("network", $"Aucun réseau de code « {code} » dans le catalogue des réseaux de villes.");
        return new References([], Network: network);
    }

    protected override Engagement Construct(string communeCode, string title, References references) =>
        new NetworkMembership(communeCode, title, references.Network!.Id);

    protected override void ApplyKind(Engagement engagement, References references)
    {
        var membership = (NetworkMembership)engagement;
        membership.SetMembership(references.Network!.Id, Commitments, FeeCents);
        SetDates(membership, IsoDate.Parse(JoinedOn), IsoDate.Parse(LeftOn));
    }

    protected internal override string FieldFor(string entityField) => entityField switch
    {
        "networkId" => "network",
        "startedOn" => "joinedOn",
        "endedOn" => "leftOn",
        _ => base.FieldFor(entityField),
    };

    internal static NetworkMembershipInput From(NetworkMembership membership) => new()
    {
        Network = membership.Network?.Code,
        JoinedOn = IsoDate.Write(membership.StartedOn),
        LeftOn = IsoDate.Write(membership.EndedOn),
        Commitments = membership.Commitments,
        FeeCents = membership.FeeCents,
    };
}

/// <summary>Sommet ou participation multilatérale (COP, congrès…).</summary>
public sealed class SummitInput : EngagementInput
{
    public string? EventName { get; set; }
    public string? Place { get; set; }
    public string? StartOn { get; set; }
    public string? EndOn { get; set; }
    [Description("Rôle de la commune : intervenante, signataire, observatrice…")]
    public string? Role { get; set; }
    public string? Delegation { get; set; }
    public string? Outcome { get; set; }

    public SummitInput() : base(EngagementKind.Summit) { }

    protected override bool HasDefaultTitle => !string.IsNullOrWhiteSpace(EventName);

    protected override string? DefaultTitle(References references) => Clean(EventName);

    protected override void ValidateKind(InputErrors errors)
    {
        errors.Text(EventName, "eventName", 300);
        errors.Text(Place, "place", 200);
        errors.Date(StartOn, "startOn");
        errors.Date(EndOn, "endOn");
        errors.Text(Role, "role", 300);
        errors.Text(Delegation, "delegation", 1000);
        errors.Text(Outcome, "outcome", 4000);
    }

    protected override Engagement Construct(string communeCode, string title, References references) => new Summit(communeCode, title);

    protected override void ApplyKind(Engagement engagement, References references)
    {
        var summit = (Summit)engagement;
        summit.SetEvent(EventName, Place, Role, Delegation, Outcome);
        SetDates(summit, IsoDate.Parse(StartOn), IsoDate.Parse(EndOn));
    }

    protected internal override string FieldFor(string entityField) =>
        entityField == "placeName" ? "place" : base.FieldFor(entityField);

    internal static SummitInput From(Summit summit) => new()
    {
        EventName = summit.EventName,
        Place = summit.PlaceName,
        StartOn = IsoDate.Write(summit.StartedOn),
        EndOn = IsoDate.Write(summit.EndedOn),
        Role = summit.Role,
        Delegation = summit.Delegation,
        Outcome = summit.Outcome,
    };
}

/// <summary>Célébration d'une journée mondiale du catalogue, une année donnée.</summary>
public sealed class WorldDayInput : EngagementInput
{
    [Description("Code de la journée dans le catalogue (GET /api/catalogues/world-days).")]
    public string? WorldDay { get; set; }

    public int? Year { get; set; }

    public string? Actions { get; set; }

    public WorldDayInput() : base(EngagementKind.WorldDay) { }

    protected override bool HasDefaultTitle => true;

    protected override string? DefaultTitle(References references) =>
        references.WorldDay is { } day ? $"{day.NameFr} {Year}" : null;

    protected override void ValidateKind(InputErrors errors)
    {
        errors.Text(WorldDay, "worldDay", 64, "La journée est obligatoire : un code du catalogue (GET /api/catalogues/world-days).");
        if (Year is null) errors.Report("year", "L'année est obligatoire.");
        errors.Text(Actions, "actions", 4000);
    }

    protected override async Task<References> ResolveAsync(AppDb db, CancellationToken cancellationToken)
    {
        var code = WorldDay!.Trim().ToLowerInvariant();
        var day = await db.WorldDays.AsNoTracking().FirstOrDefaultAsync(w => w.Code == code, cancellationToken)
            ?? throw new DomainRuleException("worldDay", $"Aucune journée de code « {code} » dans le catalogue des journées mondiales.");
        return new References([], WorldDay: day);
    }

    protected override Engagement Construct(string communeCode, string title, References references) =>
        new WorldDayObservance(communeCode, title, references.WorldDay!.Id, Year!.Value);

    protected override void ApplyKind(Engagement engagement, References references)
    {
        var observance = (WorldDayObservance)engagement;
        var day = references.WorldDay!;
        observance.SetObservance(day.Id, Year!.Value, Actions);
        // The day itself that year, for calendars; none for a 29 February outside leap years.
        DateOnly? date = day.Month is >= 1 and <= 12 && day.Day >= 1 && day.Day <= DateTime.DaysInMonth(Year.Value, day.Month)
            ? new DateOnly(Year.Value, day.Month, day.Day) : null;
        SetDates(observance, date, observance.EndedOn);
    }

    protected internal override string FieldFor(string entityField) => entityField switch
    {
        "worldDayId" => "worldDay",
        "startedOn" => "year",
        _ => base.FieldFor(entityField),
    };

    internal static WorldDayInput From(WorldDayObservance observance) => new()
    {
        WorldDay = observance.WorldDay?.Code,
        Year = observance.Year,
        Actions = observance.Actions,
    };
}

/// <summary>
/// A partner as given: { "geonameId": 3094802 }, { "name": "Kraków", "country": "PL" } (exact name, folded),
/// { "admin1": "72", "country": "PL" } for a first-level region, or { "country": "SN" } for the State itself.
/// </summary>
public sealed class PartnerInput
{
    [Description("Identifiant GeoNames d'un lieu chargé (cities500).")]
    public int? GeonameId { get; set; }

    [Description("Nom exact du lieu (sans tenir compte des accents ni de la casse), avec son pays.")]
    public string? Name { get; set; }

    [Description("Code pays ISO 3166-1 alpha-2. Seul : l'État lui-même (refusé pour une convention, CGCT L1115-5).")]
    public string? Country { get; set; }

    [Description("Code GeoNames de la région de premier niveau (admin1), avec son pays.")]
    public string? Admin1 { get; set; }

    internal void Validate(InputErrors errors, string field)
    {
        if (GeonameId is { } id)
        {
            if (id <= 0) errors.Report($"{field}.geonameId", $"« {id} » n'est pas un identifiant GeoNames (entier positif).");
        }
        else if (string.IsNullOrWhiteSpace(Country))
        {
            errors.Report(field, "Donnez l'identifiant GeoNames du partenaire ({ \"geonameId\": … }), ou son nom et son pays ({ \"name\": …, \"country\": \"PL\" }).");
        }
        errors.CountryCode(Country, $"{field}.country");
        errors.Text(Name, $"{field}.name", 200);
        errors.Text(Admin1, $"{field}.admin1", 20);
    }

    internal static PartnerInput From(EngagementPartner partner) => partner.Kind switch
    {
        PartnerKind.Place when partner.GeonameId is { } id => new PartnerInput { GeonameId = id },
        PartnerKind.Admin1 => new PartnerInput { Admin1 = partner.Admin1Code, Country = partner.CountryCode },
        PartnerKind.State => new PartnerInput { Country = partner.CountryCode },
        _ => new PartnerInput { Name = partner.Name, Country = partner.CountryCode, Admin1 = partner.Admin1Code },
    };
}

/// <summary>A council deliberation (SCDL « Délibérations » fields).</summary>
public sealed class DeliberationInput
{
    [Description("Identifiant de l'acte (SCDL DELIB_ID), par ex. DCM-1965-014.")]
    public string? Reference { get; set; }

    [Description("Date de la séance, AAAA-MM-JJ.")]
    public string? Date { get; set; }

    public string? Subject { get; set; }
    public int? VotesFor { get; set; }
    public int? VotesAgainst { get; set; }
    public int? Abstentions { get; set; }
    public string? Url { get; set; }

    internal void Validate(InputErrors errors, string field)
    {
        errors.Text(Reference, $"{field}.reference", 100, "L'identifiant de la délibération est obligatoire (par ex. DCM-1965-014).");
        errors.Date(Date, $"{field}.date", required: true);
        errors.Text(Subject, $"{field}.subject", 1000);
        errors.NotNegative(VotesFor, $"{field}.votesFor");
        errors.NotNegative(VotesAgainst, $"{field}.votesAgainst");
        errors.NotNegative(Abstentions, $"{field}.abstentions");
        errors.Url(Url, $"{field}.url");
    }

    internal Deliberation ToDeliberation() => new()
    {
        Reference = Reference!.Trim(),
        Date = IsoDate.Parse(Date)!.Value,
        Subject = EngagementInput.Clean(Subject),
        VotesFor = VotesFor,
        VotesAgainst = VotesAgainst,
        Abstentions = Abstentions,
        Url = EngagementInput.Clean(Url),
    };

    internal static bool Same(Deliberation a, Deliberation b) =>
        a.Reference == b.Reference && a.Date == b.Date && a.Subject == b.Subject && a.VotesFor == b.VotesFor
        && a.VotesAgainst == b.VotesAgainst && a.Abstentions == b.Abstentions && a.Url == b.Url;

    internal static DeliberationInput From(Deliberation d) => new()
    {
        Reference = d.Reference, Date = IsoDate.Write(d.Date), Subject = d.Subject,
        VotesFor = d.VotesFor, VotesAgainst = d.VotesAgainst, Abstentions = d.Abstentions, Url = d.Url,
    };
}

public sealed class DocumentInput
{
    public string? Title { get; set; }
    public string? Url { get; set; }

    internal void Validate(InputErrors errors, string field)
    {
        errors.Text(Title, $"{field}.title", 300, "Le titre du document est obligatoire.");
        errors.Url(Url, $"{field}.url", required: true);
    }
}

public sealed class ActivityInput
{
    [Description("Date, AAAA-MM-JJ.")]
    public string? On { get; set; }

    [Description("Nature : échange, visite, voyage scolaire, courrier, événement…")]
    public string? Kind { get; set; }

    public string? Description { get; set; }
    public string? Url { get; set; }

    internal void Validate(InputErrors errors, string field)
    {
        errors.Date(On, $"{field}.on", required: true);
        errors.Text(Kind, $"{field}.kind", 100, "La nature de l'activité est obligatoire (échange, visite…).");
        errors.Text(Description, $"{field}.description", 4000, "La description de l'activité est obligatoire.");
        errors.Url(Url, $"{field}.url");
    }

    internal ActivityEntry ToActivity() =>
        new(IsoDate.Parse(On)!.Value, Kind!.Trim(), Description!.Trim(), EngagementInput.Clean(Url));

    internal static ActivityInput From(ActivityEntry a) =>
        new() { On = IsoDate.Write(a.On), Kind = a.Kind, Description = a.Description, Url = a.Url };
}

public sealed class CommitteeInput
{
    public string? Name { get; set; }

    [Description("Numéro RNA : W suivi de 9 chiffres.")]
    public string? Rna { get; set; }
}

public sealed class BudgetLineInput
{
    public int? Year { get; set; }

    [Description("Montant en centimes d'euro, positif ou nul.")]
    public long? AmountCents { get; set; }

    [Description("commune, state (État/DCTCIV), afd, eu ou other.")]
    public string? Funder { get; set; }

    public string? Note { get; set; }

    internal void Validate(InputErrors errors, string field)
    {
        if (Year is null) errors.Report($"{field}.year", "L'année est obligatoire.");
        if (AmountCents is null) errors.Report($"{field}.amountCents", "Le montant (en centimes d'euro) est obligatoire.");
        errors.Slug<Funder>(Funder, $"{field}.funder", required: true);
        errors.Text(Note, $"{field}.note", 1000);
    }

    internal BudgetLine ToBudgetLine() =>
        new(Year!.Value, AmountCents!.Value, Slugs.Parse<Funder>(Funder)!.Value, EngagementInput.Clean(Note));

    internal static BudgetLineInput From(BudgetLine line) =>
        new() { Year = line.Year, AmountCents = line.AmountCents, Funder = Slugs.Of(line.Funder), Note = line.Note };
}

public sealed class PersonInput
{
    public string? Name { get; set; }

    [Description("Code pays ISO 3166-1 alpha-2.")]
    public string? Country { get; set; }

    [Description("Journaliste, avocate, militant…")]
    public string? Role { get; set; }
}

public sealed class SituationInput
{
    [Description("Date, AAAA-MM-JJ.")]
    public string? On { get; set; }

    [Description("detained, sentenced, released, medical-release, exiled, deceased ou unknown.")]
    public string? Situation { get; set; }

    public string? Summary { get; set; }
    public string? SourceUrl { get; set; }

    [Description("Seuls l'année ou le mois sont connus : la date est approchée.")]
    public bool? DayUnknown { get; set; }

    internal void Validate(InputErrors errors, string field)
    {
        errors.Date(On, $"{field}.on", required: true);
        errors.Slug<DefenderSituation>(Situation, $"{field}.situation", required: true);
        errors.Text(Summary, $"{field}.summary", 2000);
        errors.Url(SourceUrl, $"{field}.sourceUrl");
    }

    internal SituationEvent ToSituationEvent() =>
        new(IsoDate.Parse(On)!.Value, Slugs.Parse<DefenderSituation>(Situation)!.Value, EngagementInput.Clean(Summary),
            EngagementInput.Clean(SourceUrl), DayUnknown ?? false);

    internal static SituationInput From(SituationEvent s) => new()
    {
        On = IsoDate.Write(s.On), Situation = Slugs.Of(s.Situation), Summary = s.Summary, SourceUrl = s.SourceUrl,
        DayUnknown = s.DayUnknown ? true : null,
    };
}

/// <summary>The body of a lifecycle action (suspend, resume, end): a reason, the date, and for a resumption the deliberation.</summary>
public sealed class TransitionInput
{
    [Description("Motif : obligatoire pour suspendre et pour terminer.")]
    public string? Reason { get; set; }

    [Description("Date d'effet, AAAA-MM-JJ.")]
    public string? On { get; set; }

    [Description("Reprise après suspension : l'identifiant de la nouvelle délibération, déjà rattachée à l'engagement.")]
    public string? Deliberation { get; set; }

    public InputErrors Validate()
    {
        var errors = new InputErrors();
        errors.Text(Reason, "reason", 2000);
        errors.Date(On, "on");
        errors.Text(Deliberation, "deliberation", 100);
        return errors;
    }

    public void Suspend(Engagement engagement)
    {
        EnsureValid();
        engagement.Suspend(Reason, IsoDate.Parse(On));
    }

    public void Resume(Engagement engagement)
    {
        EnsureValid();
        engagement.Resume(IsoDate.Parse(On), Deliberation, Reason);
    }

    public void End(Engagement engagement)
    {
        EnsureValid();
        engagement.End(Reason, IsoDate.Parse(On));
    }

    private void EnsureValid()
    {
        var errors = Validate();
        if (errors.Count > 0) throw new InvalidInputException(errors);
    }
}
