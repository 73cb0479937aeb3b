using CityDiplomacy.Screening;

namespace CityDiplomacy.Portal;

/// <summary>French labels (localization keys) of screening rules, severities, states and country indicators.</summary>
public static class PortalLabels
{
    public static string Rule(string ruleId) => ruleId switch
    {
        "local-alert" => "Alerte documentée sur le partenaire ou sa région",
        "territorial-status" => "Territoire dont la France ne reconnaît pas l'annexion ou l'occupation",
        "country-context" => "Contexte du pays partenaire (libertés et société civile)",
        "death-penalty" => "Peine de mort dans le pays partenaire",
        "legal-L1115-5" => "Article L1115-5 du CGCT (respect des engagements internationaux de la France)",
        "deliberation-missing" => "Délibération du conseil municipal manquante",
        "defender-status-changed" => "Situation de la personne honorée modifiée",
        _ => ruleId,
    };

    public static string Severity(FlagSeverity severity) => severity switch
    {
        FlagSeverity.High => "élevée",
        FlagSeverity.Attention => "attention",
        _ => "information",
    };

    public static string State(FlagState state) => state switch
    {
        FlagState.Acknowledged => "pris en compte par la commune",
        FlagState.Decided => "décision prise par la commune",
        _ => "nouveau",
    };

    /// <summary>The indicator's name, or null when it has none here (its identifier is then shown).</summary>
    public static string? Indicator(string indicator) => indicator switch
    {
        "vdem.v2x_veracc_osp" => "V-Dem : responsabilité verticale (élections, partis)",
        "vdem.v2xcs_ccsi" => "V-Dem : vitalité de la société civile",
        "vdem.v2xcl_rol" => "V-Dem : égalité devant la loi et liberté individuelle",
        "vdem.v2x_freexp_altinf" => "V-Dem : liberté d'expression et pluralité de l'information",
        "vdem.v2x_horacc_osp" => "V-Dem : responsabilité horizontale (contre-pouvoirs)",
        "vdem.v2x_pubcorr" => "V-Dem : corruption du secteur public",
        "fh.status" => "Freedom House : statut",
        "fh.total" => "Freedom House : score global (sur 100)",
        "fh.pr" => "Freedom House : droits politiques (sur 40)",
        "fh.cl" => "Freedom House : libertés civiles (sur 60)",
        "death-penalty" => "Peine de mort",
        _ => null,
    };

    /// <summary>Freedom House status letters.</summary>
    public static string? FreedomStatus(string? text) => text switch
    {
        "F" => "libre",
        "PF" => "partiellement libre",
        "NF" => "non libre",
        _ => null,
    };
}
