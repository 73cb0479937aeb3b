using System.Globalization;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Portal;

/// <summary>
/// A partner as the public sees it: « Kraków (Pologne, GeoNames 3094802) », the country named in the page's language; a
/// place absent from GeoNames, located by its source: « Sambreville (Belgique, coordonnées d'après la source) ».
/// </summary>
public sealed record PublicPartner(string Name, string CountryCode, int? GeonameId, double? Latitude = null, double? Longitude = null,
    string? CountryName = null)
{
    public override string ToString() =>
        GeonameId is { } id ? $"{Name} ({CountryName ?? CountryCode}, GeoNames {id})"
        : Latitude is not null && Longitude is not null ? $"{Name} ({CountryName ?? CountryCode}, coordonnées d'après la source)"
        : $"{Name} ({CountryName ?? CountryCode})";
}

/// <summary>
/// Who says a public engagement exists: the commune, a monitor's cited source, or a national directory (named, with
/// its licence and a link), and whether the commune confirmed it.
/// </summary>
public sealed record PublicProvenance(Provenance Provenance, string? SourceName, string? SourceLabel, string? SourceUrl, DateOnly? ConfirmedOn)
{
    public bool ConfirmedByCommune => Provenance == Provenance.Commune;

    public static PublicProvenance Of(Engagement e)
    {
        var directory = OpenData.SourceLicences.DirectoryOf(e.SourceName);
        return new(e.Provenance, e.SourceName, directory?.Label ?? e.SourceName, e.SourceUrl ?? directory?.Url, e.ConfirmedOn);
    }
}

/// <summary>The honoured person's latest known situation, with its source.</summary>
public sealed record PublicSituation(DefenderSituation Situation, DateOnly On, bool DayUnknown, string? Summary, string? SourceUrl);

/// <summary>
/// An engagement as the public commune page shows it. Built field by field from the public ones only, so nothing
/// internal and nothing confidential (an honorary citizenship's private notes and contacts) can reach the page.
/// </summary>
public sealed record PublicEngagement(
    Guid Id, EngagementKind Kind, string Title, IReadOnlyList<PublicPartner> Partners, EngagementStatus Status,
    DateOnly? StartedOn, DateOnly? EndedOn, string? Detail, string? Person, PublicSituation? Situation,
    DateOnly? StatusChangedOn = null, string? StatusReason = null, IReadOnlyList<PublicBudgetYear>? Budget = null,
    PublicProvenance? Provenance = null, bool DeliberationNotPublished = false);

/// <summary>A cooperation project's budget for one year, all funders together.</summary>
public sealed record PublicBudgetYear(int Year, long AmountCents);

public static class PublicEngagements
{
    /// <summary>The commune's public engagements, by kind then by start date.</summary>
    public static async Task<IReadOnlyList<PublicEngagement>> PublicEngagementsAsync(this AppDb db, string communeCode,
        CancellationToken cancellationToken = default)
    {
        var engagements = await db.Engagements.AsNoTracking()
            .Where(e => e.CommuneCode == communeCode && e.Visibility == Visibility.Public && e.DismissedOn == null)
            .Include(e => ((NetworkMembership)e).Network)
            .Include(e => ((WorldDayObservance)e).WorldDay)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var countries = await db.CountryNamesAsync(engagements.SelectMany(e => e.Partners).Select(p => p.CountryCode)
            .Concat(engagements.OfType<HonoraryCitizenship>().Select(h => h.PersonCountry).OfType<string>()), cancellationToken);
        return engagements
            .OrderBy(e => e.Kind).ThenBy(e => e.StartedOn ?? DateOnly.MaxValue).ThenBy(e => e.Title, StringComparer.CurrentCulture)
            .Select(e => ToPublic(e, countries))
            .ToList();
    }

    /// <summary>Country names in the page's language (French, or English in the English interface), by ISO code.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> CountryNamesAsync(this AppDb db, IEnumerable<string> codes,
        CancellationToken cancellationToken = default)
    {
        var wanted = codes.Distinct().ToList();
        if (wanted.Count == 0) return new Dictionary<string, string>();
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var rows = await db.Countries.AsNoTracking().Where(c => wanted.Contains(c.Code))
            .Select(c => new { c.Code, c.NameFr, c.NameEn }).ToListAsync(cancellationToken);
        return rows.ToDictionary(c => c.Code, c => english ? c.NameEn : c.NameFr);
    }

    private static PublicEngagement ToPublic(Engagement e, IReadOnlyDictionary<string, string> countries)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var detail = e switch
        {
            NetworkMembership { Network: { } n } => english ? n.NameEn : n.NameFr,
            WorldDayObservance { WorldDay: { } w } w2 => $"{(english ? w.NameEn : w.NameFr)} ({w2.Year})",
            Summit s => string.Join(", ", new[] { s.EventName, s.PlaceName }.OfType<string>()) is { Length: > 0 } text ? text : null,
            _ => null,
        };
        string? person = null;
        PublicSituation? situation = null;
        if (e is HonoraryCitizenship h)
        {
            person = h.PersonCountry is null ? h.PersonName : $"{h.PersonName} ({countries.GetValueOrDefault(h.PersonCountry, h.PersonCountry)})";
            if (h.PersonRole is not null) person += $", {h.PersonRole}";
            if (h.CurrentSituation is { } now) situation = new(now.Situation, now.On, now.DayUnknown, now.Summary, now.SourceUrl);
        }
        return new PublicEngagement(
            e.Id, e.Kind, e.Title,
            e.Partners.Select(p => new PublicPartner(p.Name, p.CountryCode, p.GeonameId, p.Latitude, p.Longitude, countries.GetValueOrDefault(p.CountryCode))).ToList(),
            e.Status, e.StartedOn, e.EndedOn, detail, person, situation,
            // Why and since when a partnership is suspended or ended is public: it is what the council decided.
            e.Status is EngagementStatus.Suspended or EngagementStatus.Ended ? e.StatusChangedOn : null,
            e.Status is EngagementStatus.Suspended or EngagementStatus.Ended ? e.StatusReason : null,
            e is CooperationProject project
                ? project.BudgetLines.GroupBy(l => l.Year).OrderBy(g => g.Key).Select(g => new PublicBudgetYear(g.Key, g.Sum(l => l.AmountCents))).ToList()
                : null,
            PublicProvenance.Of(e),
            // A fact, stated neutrally: the commune's own record of a council decision without its deliberation.
            e.Provenance == Provenance.Commune && EngagementKinds.RequiresDeliberation(e.Kind) && e.Deliberations.Count == 0
                && e.Status is not EngagementStatus.Proposed);
    }
}
