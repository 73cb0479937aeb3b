using System.Globalization;
using CityDiplomacy.Engagements;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace CityDiplomacy.Pages;

/// <summary>How the pages write dates, partners and the detail line of an engagement.</summary>
public static class Display
{
    /// <summary>« 12 mars 1965 » in French, « 12 March 1965 » in English.</summary>
    public static string Date(DateOnly? date) =>
        date is { } d ? d.ToString("d MMMM yyyy", CultureInfo.CurrentCulture) : "—";

    /// <summary>The machine form, for &lt;time datetime&gt; and date inputs.</summary>
    public static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A &lt;time&gt; element with the date in the page's language, or a dash.</summary>
    public static IHtmlContent Time(DateOnly? date)
    {
        if (date is null) return new HtmlString("—");
        var time = new TagBuilder("time");
        time.Attributes["datetime"] = Iso(date);
        time.InnerHtml.Append(Date(date));
        return time;
    }

    /// <summary>A date whose day is not known: « mars 2021 ».</summary>
    public static IHtmlContent Month(DateOnly date)
    {
        var time = new TagBuilder("time");
        time.Attributes["datetime"] = date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        time.InnerHtml.Append(date.ToString("MMMM yyyy", CultureInfo.CurrentCulture));
        return time;
    }

    /// <summary>« jumelage » → « Jumelage », for headings.</summary>
    public static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.CurrentCulture) + text[1..];

    public static string Instant(DateTime utc) =>
        utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>« Kraków (PL, GeoNames 3094802) ».</summary>
    public static string Partner(EngagementPartner partner) =>
        new Portal.PublicPartner(partner.Name, partner.CountryCode, partner.GeonameId).ToString();

    public static string Partners(Engagement engagement) =>
        engagement.Partners.Count == 0 ? "" : string.Join(" ; ", engagement.Partners.Select(Partner));

    public static string Shorten(string value, int length = 300) => value.Length <= length ? value : value[..length] + "…";

    public static string Euros(long cents) =>
        (cents / 100m).ToString("N2", CultureInfo.CurrentCulture) + " €";

    public static string Label(DefenderSituation situation) => situation switch
    {
        DefenderSituation.Detained => "détenu ou détenue",
        DefenderSituation.Sentenced => "condamné ou condamnée",
        DefenderSituation.Released => "libéré ou libérée",
        DefenderSituation.MedicalRelease => "libération pour raisons médicales",
        DefenderSituation.Exiled => "en exil",
        DefenderSituation.Deceased => "décédé ou décédée",
        _ => "situation inconnue",
    };

    public static string Label(PartnershipType type) => type switch
    {
        PartnershipType.Attractiveness => "attractivité",
        PartnershipType.University => "coopération universitaire",
        PartnershipType.Culture => "échange culturel",
        PartnershipType.Youth => "échange de jeunes",
        PartnershipType.CrossBorder => "coopération transfrontalière",
        PartnershipType.Friendship => "pacte d'amitié",
        _ => "autre partenariat",
    };

    public static string Label(Funder funder) => funder switch
    {
        Funder.Commune => "commune",
        Funder.State => "État (DCTCIV)",
        Funder.Afd => "Agence française de développement (AFD)",
        Funder.EuropeanUnion => "Union européenne",
        _ => "autre financeur",
    };

    /// <summary>The catalogue entry of a network membership or a world day, in the page's language.</summary>
    public static string? CatalogueName(Engagement engagement)
    {
        var english = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        return engagement switch
        {
            NetworkMembership { Network: { } n } => english ? n.NameEn : n.NameFr,
            WorldDayObservance { WorldDay: { } w } => $"{(english ? w.NameEn : w.NameFr)} {w.Day:00}/{w.Month:00}",
            _ => null,
        };
    }
}
