using System.Text.Json;

namespace CityDiplomacy.Engagements;

/// <summary>
/// The API spelling of the register's enumerations: lower-case kebab slugs (« human-rights », « medical-release »),
/// with « eu » for the European Union as a funder.
/// </summary>
public static class Slugs
{
    public static string Of<T>(T value) where T : struct, Enum =>
        value is Funder.EuropeanUnion ? "eu" : JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static T? Parse<T>(string? slug) where T : struct, Enum
    {
        var wanted = slug?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(wanted)) return null;
        foreach (var value in Enum.GetValues<T>())
            if (Of(value) == wanted) return value;
        return null;
    }

    /// <summary>« public, internal » — the accepted values, for error messages and the API description.</summary>
    public static string List<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => Of(v)));
}
