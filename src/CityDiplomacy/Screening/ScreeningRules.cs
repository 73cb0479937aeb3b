using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CityDiplomacy.Screening;

/// <summary>The identifiers of the screening rules (stable: stored in flags, shown to users, documented).</summary>
public static class RuleIds
{
    public const string LocalAlert = "local-alert";
    public const string TerritorialStatus = "territorial-status";
    public const string CountryContext = "country-context";
    public const string DeathPenalty = "death-penalty";
    public const string LegalL1115_5 = "legal-L1115-5";
    public const string DeliberationMissing = "deliberation-missing";
    public const string DefenderStatusChanged = "defender-status-changed";

    public static readonly string[] All =
        [LocalAlert, TerritorialStatus, CountryContext, DeathPenalty, LegalL1115_5, DeliberationMissing, DefenderStatusChanged];

    /// <summary>
    /// The rules about the partner are public; deliberation-missing is about the commune's own paperwork: its officers
    /// and viewers see it, no public page, feed, export or figure does.
    /// </summary>
    public static FlagAudience AudienceOf(string ruleId) =>
        ruleId == DeliberationMissing ? FlagAudience.Internal : FlagAudience.Public;
}

/// <summary>Suggested actions, as stored in <see cref="ScreeningFlag.SuggestedActions"/>.</summary>
public static class SuggestedActions
{
    public const string Dialogue = "dialogue";
    public const string ConditionalityClause = "conditionality-clause";
    public const string CouncilReview = "council-review";
    public const string Suspension = "suspension";

    public static string Label(string action) => action switch
    {
        Dialogue => "dialogue avec le partenaire",
        ConditionalityClause => "clause de conditionnalité",
        CouncilReview => "examen par le conseil municipal",
        Suspension => "suspension",
        _ => action,
    };
}

/// <summary>
/// The table of thresholds and severities of the rules (section « Screening » of the settings). The code of the
/// rules has its own version (<see cref="CodeVersion"/>); <see cref="Version"/> adds a digest of this table, so that
/// a flag records exactly which rules produced it.
/// </summary>
public sealed class ScreeningRules
{
    /// <summary>Bumped whenever the code of a rule changes what it finds or says.</summary>
    public const string CodeVersion = "1.0";

    /// <summary>V-Dem core civil society index (0–1) under which the country-context rule informs.</summary>
    public decimal CivilSocietyIndexBelow { get; set; } = 0.5m;
    /// <summary>Freedom House statuses that raise the country-context rule.</summary>
    public string[] FreedomHouseStatuses { get; set; } = [];
    /// <summary>Country indicators older than this many years (to the newest year of that indicator) are not used.</summary>
    public int IndicatorMaxAgeYears { get; set; } = 5;
    public string CivilSocietyIndicator { get; set; } = "vdem.v2xcs_ccsi";
    public string FreedomHouseIndicator { get; set; } = "fh.status";
    public string DeathPenaltyIndicator { get; set; } = "death-penalty";
    /// <summary>Textual values of the death-penalty indicator meaning the country still applies it.</summary>
    public string[] RetentionistValues { get; set; } = [];
    /// <summary>Code of the catalogue network « Villes pour la vie / Cities for Life ».</summary>
    public string CitiesForLifeNetwork { get; set; } = "villes-pour-la-vie";

    public FlagSeverity LocalAlertSeverity { get; set; } = FlagSeverity.High;
    /// <summary>A repealed alert stays as history with this lower severity.</summary>
    public FlagSeverity RepealedAlertSeverity { get; set; } = FlagSeverity.Info;
    public FlagSeverity TerritorialStatusSeverity { get; set; } = FlagSeverity.High;
    public FlagSeverity NotFreeSeverity { get; set; } = FlagSeverity.Attention;
    public FlagSeverity CivilSocietySeverity { get; set; } = FlagSeverity.Info;
    public FlagSeverity DeathPenaltySeverity { get; set; } = FlagSeverity.Info;
    public FlagSeverity StatePartnerSeverity { get; set; } = FlagSeverity.High;
    public FlagSeverity DeliberationMissingSeverity { get; set; } = FlagSeverity.Attention;
    public FlagSeverity DefenderStatusSeverity { get; set; } = FlagSeverity.Attention;

    private string? _version;

    /// <summary>« 1.0+ab12cd34 »: the code version and the digest of the thresholds.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Version => _version ??= CodeVersion + "+" + Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this))))[..8];

    /// <summary>The defaults of the table (what the shipped settings hold).</summary>
    public static ScreeningRules Default => FromConfiguration(new ConfigurationBuilder().Build());

    public static ScreeningRules FromConfiguration(IConfiguration configuration)
    {
        var rules = new ScreeningRules();
        configuration.GetSection("Screening").Bind(rules);
        // Arrays bound from settings replace the defaults (the binder would append to a non-empty default).
        if (rules.FreedomHouseStatuses.Length == 0) rules.FreedomHouseStatuses = ["NF"];
        if (rules.RetentionistValues.Length == 0) rules.RetentionistValues = ["retentionist"];
        if (rules.CivilSocietyIndexBelow is < 0 or > 1)
            throw new InvalidOperationException($"Screening:CivilSocietyIndexBelow = {rules.CivilSocietyIndexBelow} : un indice V-Dem est compris entre 0 et 1.");
        if (rules.IndicatorMaxAgeYears < 0)
            throw new InvalidOperationException("Screening:IndicatorMaxAgeYears doit être positif ou nul.");
        return rules;
    }
}
