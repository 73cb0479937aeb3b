using System.Text.Json;

namespace CityDiplomacy.Settings;

/// <summary>
/// The organisation-identifier prefixes (org-id.guide) a commune may report under, shipped in
/// <c>org-id-prefixes.json</c> with their provenance: the confirmed, non-deprecated FR-, XI- and XM- lists of
/// org-id/register. For a French commune the product recommends FR-RCS followed by its SIREN (FR-INSEE, the SIRENE
/// register itself, is deprecated there in favour of FR-RCS); see docs/open-data.md.
/// </summary>
public static class OrganisationIdentifiers
{
    private sealed record PrefixFile(string Source, string Licence, string Recommended, string[] Prefixes);

    private static readonly PrefixFile File = Load();

    public static IReadOnlyList<string> Prefixes => File.Prefixes;

    /// <summary>FR-RCS.</summary>
    public static string Recommended => File.Recommended;

    public static string Source => File.Source;

    /// <summary>The identifier the product suggests for a commune: FR-RCS-{SIREN}.</summary>
    public static string? SuggestedFor(string? siren) => siren is null ? null : $"{Recommended}-{siren}";

    /// <summary>The listed prefix <paramref name="identifier"/> starts with (« PREFIX-identifier »), or null.</summary>
    public static string? PrefixOf(string identifier) =>
        File.Prefixes.Where(p => identifier.StartsWith(p + "-", StringComparison.Ordinal) && identifier.Length > p.Length + 1)
            .OrderByDescending(p => p.Length).FirstOrDefault();

    private static PrefixFile Load()
    {
        using var stream = typeof(OrganisationIdentifiers).Assembly.GetManifestResourceStream("settings/org-id-prefixes.json")
            ?? throw new InvalidOperationException("La liste des préfixes org-id (settings/org-id-prefixes.json) manque dans l'exécutable.");
        return JsonSerializer.Deserialize<PrefixFile>(stream, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }
}
