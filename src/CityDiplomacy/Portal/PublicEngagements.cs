using System.Globalization;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Portal;

/// <summary>
/// A partner as the public sees it: « Kraków (PL, GeoNames 3094802) »; a place absent from GeoNames, located by its
/// source: « Sambreville (BE, coordonnées d'après la source) ».
/// </summary>
public sealed record PublicPartner(string Name, string CountryCode, int? GeonameId, double? Latitude = null, double? Longitude = null)
{
    public override string ToString() =>
        GeonameId is { } id ? $"{Name} ({CountryCode}, GeoNames {id})"
        : Latitude is not null && Longitude is not null ? $"{Name} ({CountryCode}, coordonnées d'après la source)"
        : $"{Name} ({CountryCode})";
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
    DateOnly? StatusChangedOn = null, string? StatusReason = null, IReadOnlyList<PublicBudgetYear>? Budget = null);

/// <summary>A cooperation project's budget for one year, all funders together.</summary>
public sealed record PublicBudgetYear(int Year, long AmountCents);

public static class PublicEngagements
{
    /// <summary>The commune's public engagements, by kind then by start date.</summary>
    public static async Task<IReadOnlyList<PublicEngagement>> PublicEngagementsAsync(this AppDb db, string communeCode,
        CancellationToken cancellationToken = default)
    {
        var engagements = await db.Engagements.AsNoTracking()
            .Where(e => e.CommuneCode == communeCode && e.Visibility == Visibility.Public)
            .Include(e => ((NetworkMembership)e).Network)
            .Include(e => ((WorldDayObservance)e).WorldDay)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return engagements
            .OrderBy(e => e.Kind).ThenBy(e => e.StartedOn ?? DateOnly.MaxValue).ThenBy(e => e.Title, StringComparer.CurrentCulture)
            .Select(ToPublic)
            .ToList();
    }

    private static PublicEngagement ToPublic(Engagement e)
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
            person = h.PersonCountry is null ? h.PersonName : $"{h.PersonName} ({h.PersonCountry})";
            if (h.PersonRole is not null) person += $", {h.PersonRole}";
            if (h.CurrentSituation is { } now) situation = new(now.Situation, now.On, now.DayUnknown, now.Summary, now.SourceUrl);
        }
        return new PublicEngagement(
            e.Id, e.Kind, e.Title, e.Partners.Select(p => new PublicPartner(p.Name, p.CountryCode, p.GeonameId, p.Latitude, p.Longitude)).ToList(),
            e.Status, e.StartedOn, e.EndedOn, detail, person, situation,
            // Why and since when a partnership is suspended or ended is public: it is what the council decided.
            e.Status is EngagementStatus.Suspended or EngagementStatus.Ended ? e.StatusChangedOn : null,
            e.Status is EngagementStatus.Suspended or EngagementStatus.Ended ? e.StatusReason : null,
            e is CooperationProject project
                ? project.BudgetLines.GroupBy(l => l.Year).OrderBy(g => g.Key).Select(g => new PublicBudgetYear(g.Key, g.Sum(l => l.AmountCents))).ToList()
                : null);
    }
}
