namespace CityDiplomacy.Engagements;

/// <summary>The seven kinds of international engagement a commune keeps in its register.</summary>
public enum EngagementKind
{
    /// <summary>Jumelage.</summary>
    Twinning,
    /// <summary>Projet de coopération décentralisée (AECT).</summary>
    CooperationProject,
    /// <summary>Autre partenariat (attractivité, université, culture, jeunesse, transfrontalier, pacte d'amitié).</summary>
    Partnership,
    /// <summary>Citoyenneté d'honneur.</summary>
    HonoraryCitizenship,
    /// <summary>Adhésion à un réseau de villes.</summary>
    NetworkMembership,
    /// <summary>Sommet ou participation multilatérale (COP…).</summary>
    Summit,
    /// <summary>Journée mondiale.</summary>
    WorldDay,
}

/// <summary>
/// Lifecycle: Proposed → Active ⇄ Dormant → Suspended → Ended (Suspended → Active on a new decision). Reported is what a
/// national directory says exists, with no claim on its status: the commune confirms it (with a status) or dismisses it.
/// </summary>
public enum EngagementStatus { Proposed, Active, Dormant, Suspended, Ended, Reported }

/// <summary>Where an engagement's existence comes from (wire values <c>commune</c>, <c>observed</c>, <c>directory</c>).</summary>
public enum Provenance
{
    /// <summary>Entered or confirmed by an officer of the commune, or imported from its own town-hall file.</summary>
    Commune,
    /// <summary>Entered by a monitor from a cited public source (press, the commune's site, council minutes): the URL is required.</summary>
    Observed,
    /// <summary>From a national directory (the Wikipedia list, Wikidata P190…): not confirmed by the commune.</summary>
    Directory,
}

public static class Provenances
{
    public static string Slug(Provenance provenance) => provenance.ToString().ToLowerInvariant();

    public static Provenance? FromSlug(string? slug) =>
        Enum.TryParse<Provenance>(slug, ignoreCase: true, out var p) && Enum.IsDefined(p) ? p : null;

    public static string Label(Provenance provenance) => provenance switch
    {
        Provenance.Commune => "confirmé par la commune",
        Provenance.Observed => "observé d'après une source publique",
        _ => "d'après un annuaire national, non confirmé par la commune",
    };
}

public enum Visibility { Public, Internal }

/// <summary>The fixed list of themes (French labels in <see cref="Themes"/>).</summary>
public enum Theme
{
    ClimateEmergency,
    DigitalTechnology,
    Migration,
    FeministDiplomacy,
    HumanRights,
    Peace,
    Culture,
    EducationYouth,
    EconomyAttractiveness,
    Health,
    WaterSanitation,
    CrossBorder,
}

public static class Themes
{
    public static string Label(Theme theme) => theme switch
    {
        Theme.ClimateEmergency => "urgence climatique",
        Theme.DigitalTechnology => "technologies et numérique",
        Theme.Migration => "migrations",
        Theme.FeministDiplomacy => "diplomatie féministe",
        Theme.HumanRights => "droits humains",
        Theme.Peace => "paix",
        Theme.Culture => "culture",
        Theme.EducationYouth => "éducation et jeunesse",
        Theme.EconomyAttractiveness => "économie et attractivité",
        Theme.Health => "santé",
        Theme.WaterSanitation => "eau et assainissement",
        Theme.CrossBorder => "transfrontalier",
        _ => theme.ToString(),
    };
}

public static class EngagementKinds
{
    /// <summary>Kinds whose partners sign a convention with the commune, so never a foreign State (CGCT L1115-1 and L1115-5).</summary>
    public static bool ConcludesConventions(EngagementKind kind) =>
        kind is EngagementKind.Twinning or EngagementKind.CooperationProject or EngagementKind.Partnership;

    /// <summary>The API and route spelling: twinning, cooperation-project…</summary>
    public static string Slug(EngagementKind kind) => kind switch
    {
        EngagementKind.Twinning => "twinning",
        EngagementKind.CooperationProject => "cooperation-project",
        EngagementKind.Partnership => "partnership",
        EngagementKind.HonoraryCitizenship => "honorary-citizenship",
        EngagementKind.NetworkMembership => "network-membership",
        EngagementKind.Summit => "summit",
        _ => "world-day",
    };

    public static EngagementKind? FromSlug(string? slug) =>
        Enum.GetValues<EngagementKind>().Cast<EngagementKind?>().FirstOrDefault(k => Slug(k!.Value) == slug?.Trim().ToLowerInvariant());

    public static string Label(EngagementKind kind) => kind switch
    {
        EngagementKind.Twinning => "jumelage",
        EngagementKind.CooperationProject => "coopération décentralisée",
        EngagementKind.Partnership => "partenariat",
        EngagementKind.HonoraryCitizenship => "citoyenneté d'honneur",
        EngagementKind.NetworkMembership => "réseau de villes",
        EngagementKind.Summit => "sommet ou rencontre multilatérale",
        _ => "journée mondiale",
    };

    /// <summary>Kinds that the municipal council decides: active only with a deliberation, else a draft « à régulariser ».</summary>
    public static bool RequiresDeliberation(EngagementKind kind) =>
        kind is EngagementKind.Twinning or EngagementKind.HonoraryCitizenship;
}

public static class EngagementStatuses
{
    public static string Slug(EngagementStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The statuses a commune states (confirmed twinnings); <see cref="EngagementStatus.Reported"/> is a directory's, not a status claim.</summary>
    public static readonly EngagementStatus[] Confirmed =
        [EngagementStatus.Active, EngagementStatus.Dormant, EngagementStatus.Suspended, EngagementStatus.Ended];

    public static EngagementStatus? FromSlug(string? slug) =>
        Enum.TryParse<EngagementStatus>(slug, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;

    public static string Label(EngagementStatus status) => status switch
    {
        EngagementStatus.Proposed => "en projet",
        EngagementStatus.Active => "actif",
        EngagementStatus.Dormant => "en sommeil",
        EngagementStatus.Suspended => "suspendu",
        EngagementStatus.Reported => "signalé",
        _ => "terminé",
    };
}

/// <summary>A broken domain rule: the API answers 422 naming <see cref="Field"/>, a page shows a model error.</summary>
public sealed class DomainRuleException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;

    /// <summary>For a partner named but not resolved: the places it may be, for the user to pick one (by GeoNames id).</summary>
    public IReadOnlyList<Places.PlaceCandidate>? Candidates { get; init; }

    /// <summary>For a partner with no place of its name in its country: the places of that name elsewhere, a hint only.</summary>
    public IReadOnlyList<Places.PlaceCandidate>? OtherCountries { get; init; }
}
