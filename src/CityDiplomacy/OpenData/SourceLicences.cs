namespace CityDiplomacy.OpenData;

/// <summary>The licence of the platform's own data and of the sources engagements are imported from.</summary>
public static class SourceLicences
{
    public const string Platform = "Licence Ouverte / Open Licence 2.0 (Etalab)";
    public const string PlatformUrl = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";

    public sealed record Licence(string Name, string? Url);

    /// <summary>A national directory as public pages name it (« D'après … »), with the page it comes from.</summary>
    public sealed record Directory(string Label, string Url, Licence Licence);

    public const string WikipediaListUrl = "https://en.wikipedia.org/wiki/List_of_twin_towns_and_sister_cities_in_France";
    public const string WikidataP190Url = "https://www.wikidata.org/wiki/Property:P190";

    /// <summary>The directory an engagement's source name comes from (the Wikipedia list, Wikidata P190), else null.</summary>
    public static Directory? DirectoryOf(string? sourceName)
    {
        if (sourceName is null || Of(sourceName) is not { } licence) return null;
        var name = sourceName.ToLowerInvariant();
        if (name.Contains("wikidata", StringComparison.Ordinal))
            return new("Wikidata (propriété P190, CC0 1.0)", WikidataP190Url, licence);
        if (name.Contains("wikipedia", StringComparison.Ordinal) || name.Contains("wikipédia", StringComparison.Ordinal))
            return new("Wikipédia (liste des villes jumelles, CC BY-SA 4.0)", WikipediaListUrl, licence);
        return null;
    }

    /// <summary>
    /// The licence of an import source, recognised from its recorded name (<c>Engagement.SourceName</c>); null when
    /// the source is not one the platform knows (a commune's own file, for instance): the page then says so.
    /// </summary>
    public static Licence? Of(string sourceName)
    {
        var name = sourceName.ToLowerInvariant();
        if (name.Contains("wikidata", StringComparison.Ordinal)) return new("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/");
        if (name.Contains("wikipedia", StringComparison.Ordinal) || name.Contains("wikipédia", StringComparison.Ordinal))
            return new("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/");
        if (name.Contains("hekman", StringComparison.Ordinal) || name.Contains("twincities", StringComparison.Ordinal))
            return new("MIT", "https://opensource.org/license/mit");
        if (name.Contains("data.gouv", StringComparison.Ordinal) || name.Contains("etalab", StringComparison.Ordinal))
            return new(Platform, PlatformUrl);
        return null;
    }
}
