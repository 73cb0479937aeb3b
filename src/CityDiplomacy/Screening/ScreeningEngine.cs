using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CityDiplomacy.Engagements;
using CityDiplomacy.Evidence;

namespace CityDiplomacy.Screening;

/// <summary>What a rule found about one engagement, before it is reconciled with the stored flags.</summary>
public sealed record FlagDraft(
    string RuleId, string SubjectKey, FlagSeverity Severity, string Explanation, IReadOnlyList<FlagEvidence> Evidence,
    IReadOnlyList<string> SuggestedActions, Guid? AlertId = null, string? AlertAdoptedOn = null, string? AlertRepealedOn = null)
{
    private string? _hash;

    /// <summary>SHA-256 of what users see: a different hash makes the stored flag « changed ». Computed once.</summary>
    public string ContentHash() => _hash ??= ComputeHash();

    private string ComputeHash()
    {
        var text = new StringBuilder()
            .Append(Severity).Append('\n').Append(Explanation).Append('\n')
            .AppendJoin('\n', Evidence.Select(e => $"{e.SourceName}\t{e.Url}\t{e.Date}")).Append('\n')
            .AppendJoin('|', SuggestedActions).Append('\n')
            .Append(AlertId).Append('\t').Append(AlertAdoptedOn).Append('\t').Append(AlertRepealedOn)
            .ToString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>
/// The evidence preloaded once per run, indexed the way the rules look it up: alerts and territories by GeoNames id,
/// by (country, admin1) and by country; the latest country indicators by country.
/// </summary>
public sealed class EvidenceIndex
{
    private readonly Dictionary<int, List<LocalAlert>> _alertsByPlace = [];
    private readonly Dictionary<(string Country, string Admin1), List<LocalAlert>> _alertsByRegion = [];
    private readonly Dictionary<string, List<LocalAlert>> _alertsByCountry = [];
    private readonly Dictionary<int, List<TerritoryStatus>> _territoriesByPlace = [];
    private readonly Dictionary<(string Country, string Admin1), List<TerritoryStatus>> _territoriesByRegion = [];
    private readonly Dictionary<string, CountryIndicator> _freedomHouse = [];
    private readonly Dictionary<string, CountryIndicator> _civilSociety = [];
    private readonly Dictionary<string, CountryIndicator> _deathPenalty = [];
    private readonly IReadOnlyDictionary<string, string> _countryNames;

    public EvidenceIndex(IEnumerable<LocalAlert> alerts, IEnumerable<TerritoryStatus> territories,
        IEnumerable<CountryIndicator> indicators, IReadOnlyDictionary<string, string> countryNames, ScreeningRules rules)
    {
        _countryNames = countryNames;
        foreach (var alert in alerts)
        {
            switch (alert.Level)
            {
                // An alert whose place was not resolved matches nothing: never a partner by its name alone.
                case AlertLevel.Place when alert.GeonameId is { } id: Add(_alertsByPlace, id, alert); break;
                case AlertLevel.Admin1 when alert.Admin1Code is { } admin1: Add(_alertsByRegion, (alert.CountryCode, admin1), alert); break;
                case AlertLevel.Country: Add(_alertsByCountry, alert.CountryCode, alert); break;
            }
        }
        foreach (var territory in territories)
        {
            if (territory.GeonameId is { } id) Add(_territoriesByPlace, id, territory);
            else if (territory.Admin1Code is { } admin1) Add(_territoriesByRegion, (territory.CountryCode, admin1), territory);
        }
        var list = indicators.ToList();
        Latest(list, rules.FreedomHouseIndicator, rules.IndicatorMaxAgeYears, _freedomHouse);
        Latest(list, rules.CivilSocietyIndicator, rules.IndicatorMaxAgeYears, _civilSociety);
        Latest(list, rules.DeathPenaltyIndicator, rules.IndicatorMaxAgeYears, _deathPenalty);
    }

    public IReadOnlyList<LocalAlert> AlertsAtPlace(int geonameId) => _alertsByPlace.TryGetValue(geonameId, out var l) ? l : [];
    public IReadOnlyList<LocalAlert> AlertsInRegion(string country, string admin1) => _alertsByRegion.TryGetValue((country, admin1), out var l) ? l : [];
    public IReadOnlyList<LocalAlert> AlertsInCountry(string country) => _alertsByCountry.TryGetValue(country, out var l) ? l : [];
    public IReadOnlyList<TerritoryStatus> TerritoriesAtPlace(int geonameId) => _territoriesByPlace.TryGetValue(geonameId, out var l) ? l : [];
    public IReadOnlyList<TerritoryStatus> TerritoriesInRegion(string country, string admin1) => _territoriesByRegion.TryGetValue((country, admin1), out var l) ? l : [];
    public CountryIndicator? FreedomHouse(string country) => _freedomHouse.GetValueOrDefault(country);
    public CountryIndicator? CivilSociety(string country) => _civilSociety.GetValueOrDefault(country);
    public CountryIndicator? DeathPenalty(string country) => _deathPenalty.GetValueOrDefault(country);
    public string CountryName(string code) => _countryNames.TryGetValue(code, out var name) ? name : code;

    /// <summary>Whether an admin1 region has any region-level evidence (then partners without admin1 need their place's).</summary>
    public bool HasRegionEvidence => _alertsByRegion.Count > 0 || _territoriesByRegion.Count > 0;

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> index, TKey key, TValue value) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(value);
    }

    /// <summary>Each country's newest value of <paramref name="indicator"/>, unless older than the newest year minus <paramref name="maxAge"/>.</summary>
    private static void Latest(List<CountryIndicator> indicators, string indicator, int maxAge, Dictionary<string, CountryIndicator> into)
    {
        var rows = indicators.Where(i => i.Indicator == indicator).ToList();
        if (rows.Count == 0) return;
        var newest = rows.Max(r => r.Year);
        foreach (var row in rows)
        {
            if (row.Year < newest - maxAge) continue;
            if (!into.TryGetValue(row.CountryCode, out var current) || current.Year < row.Year) into[row.CountryCode] = row;
        }
    }
}

/// <summary>What a run knows besides the evidence: the rules, the communes of Cities for Life, earlier decisions.</summary>
public sealed class ScreeningContext(EvidenceIndex evidence, ScreeningRules rules)
{
    public EvidenceIndex Evidence { get; } = evidence;
    public ScreeningRules Rules { get; } = rules;
    /// <summary>Communes with a current membership of « Villes pour la vie / Cities for Life ».</summary>
    public HashSet<string> CitiesForLifeCommunes { get; init; } = [];
    /// <summary>The date of the commune's last decision on an engagement's defender-status-changed flag.</summary>
    public Dictionary<Guid, DateOnly> DefenderDecisions { get; init; } = [];
    /// <summary>The admin1 region of places, for place partners stored without one.</summary>
    public Dictionary<int, string> PlaceAdmin1 { get; init; } = [];

    /// <summary>Country-level drafts are the same for every partner in the country: drafted once per run.</summary>
    internal Dictionary<string, FlagDraft?> CountryContextDrafts { get; } = [];
    internal Dictionary<string, FlagDraft?> DeathPenaltyDrafts { get; } = [];
}

/// <summary>
/// The rules, as one in-memory pass over an engagement: no query, only lookups in the preloaded
/// <see cref="EvidenceIndex"/>. Each rule documents itself in docs/screening.md.
/// </summary>
public static class ScreeningEngine
{
    private const string L1115Source = "Code général des collectivités territoriales, art. L1115-5";
    private const string L1115Url = "https://www.legifrance.gouv.fr/codes/texte_lc/LEGITEXT000006070633";

    /// <summary>The flags <paramref name="engagement"/> raises; nothing for an ended engagement (its flags resolve).</summary>
    public static List<FlagDraft> Screen(Engagement engagement, ScreeningContext context)
    {
        var found = new List<FlagDraft>();
        // A dismissed entry is not in the register any more (the commune said it does not exist): nothing to screen.
        if (engagement.Status == EngagementStatus.Ended || engagement.IsDismissed) return found;
        var rules = context.Rules;
        var evidence = context.Evidence;
        void Raise(FlagDraft draft)
        {
            // Few flags per engagement: a linear check is cheaper than a set.
            foreach (var f in found)
                if (f.RuleId == draft.RuleId && f.SubjectKey == draft.SubjectKey) return;
            found.Add(draft);
        }

        foreach (var partner in engagement.Partners)
        {
            var admin1 = partner.Admin1Code
                ?? (partner.GeonameId is { } gid && context.PlaceAdmin1.TryGetValue(gid, out var a) ? a : null);
            var key = PartnerKey(partner);
            string Where() => $"{partner.Name} ({evidence.CountryName(partner.CountryCode)})";

            // local-alert: the same GeoNames place, the same admin1 region, or the same country — never a name.
            if (partner.Kind == PartnerKind.Place && partner.GeonameId is { } placeId)
                foreach (var alert in evidence.AlertsAtPlace(placeId))
                    Raise(AlertFlag(alert, key, $"La collectivité partenaire {Where()} est visée par une alerte : ", rules));
            if (partner.Kind != PartnerKind.State && admin1 is not null)
                foreach (var alert in evidence.AlertsInRegion(partner.CountryCode, admin1))
                    Raise(AlertFlag(alert, key, $"Le partenaire {Where()} se trouve dans la région {alert.PlaceText ?? admin1}, visée par une alerte : ", rules));
            foreach (var alert in evidence.AlertsInCountry(partner.CountryCode))
                Raise(AlertFlag(alert, key, $"Le pays du partenaire {Where()} est visé par une alerte : ", rules));

            // territorial-status
            IEnumerable<TerritoryStatus> territories = partner.GeonameId is { } tid ? evidence.TerritoriesAtPlace(tid) : [];
            if (partner.Kind != PartnerKind.State && admin1 is not null && evidence.TerritoriesInRegion(partner.CountryCode, admin1) is { Count: > 0 } inRegion)
                territories = territories.Concat(inRegion);
            foreach (var territory in territories)
                Raise(new FlagDraft(RuleIds.TerritorialStatus, $"{territory.Territory}@{key}", rules.TerritorialStatusSeverity,
                    $"Le partenaire {partner.Name} se trouve en {territory.Name}, territoire dont la France ne reconnaît pas le statut actuel " +
                    $"({territory.Status}) ; il relève, pour la France, de {evidence.CountryName(territory.CountryCode)}.",
                    [new FlagEvidence(territory.SourceName, territory.SourceUrl, territory.SourceDate)],
                    [SuggestedActions.CouncilReview, SuggestedActions.Suspension]));

            // country-context: Freedom House « Not Free » (attention) or a weak civil-society index (informative).
            var country = partner.CountryCode;
            if (!context.CountryContextDrafts.TryGetValue(country, out var contextDraft))
                context.CountryContextDrafts[country] = contextDraft = CountryContext(country, evidence, rules);
            if (contextDraft is not null) Raise(contextDraft);

            // death-penalty: an opening for dialogue for a member of Cities for Life.
            if (context.CitiesForLifeCommunes.Contains(engagement.CommuneCode))
            {
                if (!context.DeathPenaltyDrafts.TryGetValue(country, out var penaltyDraft))
                    context.DeathPenaltyDrafts[country] = penaltyDraft = DeathPenalty(country, evidence, rules);
                if (penaltyDraft is not null) Raise(penaltyDraft);
            }

            // legal-L1115-5: a State where a convention is concluded (refused today; older or imported entries may hold one).
            if (partner.Kind == PartnerKind.State && ConcludesConventions(engagement.Kind))
                Raise(new FlagDraft(RuleIds.LegalL1115_5, country, rules.StatePartnerSeverity,
                    $"Le partenaire est un État ({partner.Name}) : l'article L1115-5 du CGCT interdit à une commune de passer une convention " +
                    "avec un État étranger. Le partenaire doit être une autorité locale ; à revoir par le conseil municipal.",
                    [new FlagEvidence(L1115Source, L1115Url, null)], [SuggestedActions.CouncilReview]));
        }

        // deliberation-missing: the commune's own paperwork (AwaitingRegularisation holds only for provenance commune); internal.
        if (engagement.AwaitingRegularisation)
            Raise(new FlagDraft(RuleIds.DeliberationMissing, "register", rules.DeliberationMissingSeverity,
                $"Ce {EngagementKinds.Label(engagement.Kind)} est actif sans la délibération du conseil municipal qui doit le fonder : à régulariser.",
                [new FlagEvidence("Registre de la commune", null, IsoDate(engagement.StatusChangedOn ?? engagement.StartedOn))],
                [SuggestedActions.CouncilReview]));

        // defender-status-changed: a situation event newer than the commune's last decision (or its council vote).
        if (engagement is HonoraryCitizenship honorary && honorary.CurrentSituation is { } latest)
        {
            DateOnly? baseline = context.DefenderDecisions.TryGetValue(engagement.Id, out var decided) ? decided : honorary.CouncilVoteOn;
            if (baseline is null || latest.On > baseline)
                Raise(new FlagDraft(RuleIds.DefenderStatusChanged, "situation", rules.DefenderStatusSeverity,
                    $"La situation de {honorary.PersonName} a changé le {SituationDate(latest)} ({SituationLabel(latest.Situation)})" +
                    (latest.Summary is { } summary ? $" : {summary}" : "") +
                    (baseline is { } b ? $". Dernière décision de la commune : {b:yyyy-MM-dd}." : "."),
                    [new FlagEvidence(SourceNameOf(latest.SourceUrl), latest.SourceUrl, SituationDate(latest))],
                    [SuggestedActions.CouncilReview]));
        }
        return found;
    }

    /// <summary>How a flag names its partner: its GeoNames id, else « CC.admin1 » or « CC ».</summary>
    public static string PartnerKey(EngagementPartner partner) =>
        partner.GeonameId?.ToString(CultureInfo.InvariantCulture)
        ?? (partner.Admin1Code is null ? partner.CountryCode : partner.CountryCode + "." + partner.Admin1Code);

    public static bool ConcludesConventions(EngagementKind kind) =>
        kind is EngagementKind.Twinning or EngagementKind.CooperationProject or EngagementKind.Partnership;

    private static FlagDraft? CountryContext(string country, EvidenceIndex evidence, ScreeningRules rules)
    {
        var fh = evidence.FreedomHouse(country);
        var notFree = fh?.Text is { } status && rules.FreedomHouseStatuses.Contains(status, StringComparer.OrdinalIgnoreCase);
        var cs = evidence.CivilSociety(country);
        var weak = cs?.Value is { } value && value < rules.CivilSocietyIndexBelow;
        if (!notFree && !weak) return null;
        var reasons = new List<string>();
        var items = new List<FlagEvidence>();
        if (notFree)
        {
            reasons.Add($"Freedom House classe ce pays « Not Free » (non libre) dans son édition {fh!.Year}");
            items.Add(new FlagEvidence(fh.SourceName, fh.SourceUrl, fh.Year.ToString(CultureInfo.InvariantCulture)));
        }
        if (weak)
        {
            reasons.Add($"l'indice V-Dem de la société civile y vaut {cs!.Value!.Value.ToString("0.###", CultureInfo.InvariantCulture)} en {cs.Year} " +
                        $"(seuil : {rules.CivilSocietyIndexBelow.ToString("0.###", CultureInfo.InvariantCulture)})");
            items.Add(new FlagEvidence(cs.SourceName, cs.SourceUrl, cs.Year.ToString(CultureInfo.InvariantCulture)));
        }
        return new FlagDraft(RuleIds.CountryContext, country, notFree ? rules.NotFreeSeverity : rules.CivilSocietySeverity,
            $"Contexte du pays du partenaire ({evidence.CountryName(country)}) : {string.Join(" ; ", reasons)}. " +
            "Information pour conduire le partenariat, pas un jugement sur la collectivité partenaire.",
            items, [SuggestedActions.Dialogue, SuggestedActions.ConditionalityClause]);
    }

    private static FlagDraft? DeathPenalty(string country, EvidenceIndex evidence, ScreeningRules rules)
    {
        if (evidence.DeathPenalty(country) is not { Text: { } text } penalty
            || !rules.RetentionistValues.Contains(text, StringComparer.OrdinalIgnoreCase)) return null;
        return new FlagDraft(RuleIds.DeathPenalty, country, rules.DeathPenaltySeverity,
            $"{evidence.CountryName(country)} applique encore la peine de mort ({penalty.Year}) et la commune est membre du réseau " +
            "« Villes pour la vie / Cities for Life » : une occasion de dialogue avec le partenaire, par exemple le 30 novembre.",
            [new FlagEvidence(penalty.SourceName, penalty.SourceUrl, penalty.Year.ToString(CultureInfo.InvariantCulture))],
            [SuggestedActions.Dialogue]);
    }

    private static FlagDraft AlertFlag(LocalAlert alert, string partnerKey, string lead, ScreeningRules rules)
    {
        var repealed = alert.RepealedOn is not null;
        var text = lead + $"« {alert.Title} »" +
                   (alert.AdoptedOn is { } adopted ? $", adoptée {PartialDates.French(adopted)}" : "") +
                   (repealed ? $", abrogée {PartialDates.French(alert.RepealedOn!)} : l'alerte reste visible comme historique." : ".");
        return new FlagDraft(RuleIds.LocalAlert, $"{alert.Id}@{partnerKey}", repealed ? rules.RepealedAlertSeverity : rules.LocalAlertSeverity,
            text, [new FlagEvidence(alert.SourceName, alert.SourceUrl, alert.RepealedOn ?? alert.AdoptedOn)],
            repealed ? [SuggestedActions.Dialogue] : [SuggestedActions.Dialogue, SuggestedActions.ConditionalityClause, SuggestedActions.CouncilReview],
            alert.Id, alert.AdoptedOn, alert.RepealedOn);
    }

    private static string? IsoDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string SituationDate(SituationEvent e) =>
        e.On.ToString(e.DayUnknown ? "yyyy-MM" : "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string SituationLabel(DefenderSituation situation) => situation switch
    {
        DefenderSituation.Detained => "détention",
        DefenderSituation.Sentenced => "condamnation",
        DefenderSituation.Released => "libération",
        DefenderSituation.MedicalRelease => "libération pour raisons médicales",
        DefenderSituation.Exiled => "exil",
        DefenderSituation.Deceased => "décès",
        _ => "situation inconnue",
    };

    private static string SourceNameOf(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "Chronologie de la situation (registre de la commune)";
}

/// <summary>Partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD) in French: « en 2019 », « en mai 2019 », « le 29 mai 2019 ».</summary>
public static class PartialDates
{
    private static readonly CultureInfo FrenchCulture = CultureInfo.GetCultureInfo("fr-FR");

    public static string French(string date)
    {
        var parts = date.Split('-');
        try
        {
            return parts.Length switch
            {
                3 => "le " + new DateOnly(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture),
                    int.Parse(parts[2], CultureInfo.InvariantCulture)).ToString("d MMMM yyyy", FrenchCulture),
                2 => "en " + new DateOnly(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), 1)
                    .ToString("MMMM yyyy", FrenchCulture),
                _ => "en " + date,
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            return "le " + date;
        }
    }
}
