using System.Globalization;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Accounts;

/// <summary>Instants shown in France's time, where the communes are; in UTC when the system has no time-zone data.</summary>
public static class ParisTime
{
    private static readonly TimeZoneInfo? Zone =
        TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Paris", out var zone) ? zone : null;

    /// <summary>« 14:32, heure de Paris » or « 13:32 UTC ».</summary>
    public static string Describe(DateTimeOffset instant, string format, IStringLocalizer l)
    {
        var text = Convert(instant.UtcDateTime).ToString(format, CultureInfo.InvariantCulture);
        return Zone is null ? l["{0} UTC", text] : l["{0}, heure de Paris", text];
    }

    /// <summary>A date and time from the database (UTC, whatever its Kind says), without the zone: see <see cref="Legend"/>.</summary>
    public static string Format(DateTime utc) =>
        Convert(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Says which zone <see cref="Format"/> uses.</summary>
    public static string Legend(IStringLocalizer l) => Zone is null ? l["Heures UTC."] : l["Heures de Paris."];

    private static DateTime Convert(DateTime utc) => Zone is null ? utc : TimeZoneInfo.ConvertTimeFromUtc(utc, Zone);
}
