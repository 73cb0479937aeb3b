namespace CityDiplomacy.Places;

/// <summary>A point in degrees (WGS 84), e.g. the coordinates a directory gives for a partner.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    private const double EarthRadiusKm = 6371.0088;

    public static bool IsValid(double latitude, double longitude) =>
        latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180;

    /// <summary>Great-circle distance (haversine), in kilometres.</summary>
    public double DistanceKm(double latitude, double longitude)
    {
        var dLat = DegreesToRadians(latitude - Latitude);
        var dLon = DegreesToRadians(longitude - Longitude);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
                + Math.Cos(DegreesToRadians(Latitude)) * Math.Cos(DegreesToRadians(latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double DegreesToRadians(double degrees) => degrees * Math.PI / 180;
}

/// <summary>A place (or a first-level region) that a query may mean, with its score and, in French, why.</summary>
/// <param name="GeonameId">Null for a region: GeoNames cities500 has no admin1 features.</param>
/// <param name="Latitude">For a region, the coordinates of its seat; null when it has none among the loaded places.</param>
/// <param name="Kind">« place » or « admin1 ».</param>
public sealed record PlaceCandidate(
    int? GeonameId, string Name, string CountryCode, string? Admin1Code, string? Admin1Name,
    double? Latitude, double? Longitude, long Population, string FeatureCode, string Kind, double Score, string Reason)
{
    public const string PlaceKind = "place";
    public const string RegionKind = "admin1";
}

/// <summary>
/// The resolver's answer: <see cref="Best"/> when it is confident, otherwise null with the candidates it considered.
/// <see cref="Country"/> is the ISO alpha-2 code it understood, from the country given or from the text; when there is
/// one, the candidates all lie in it, and when none does, <see cref="NoneInCountry"/> says so and the places of that
/// name elsewhere are only a hint, apart (<see cref="OtherCountries"/>), never candidates.
/// </summary>
public sealed record PlaceResolution(
    string Query, string? Country, bool Resolved, PlaceCandidate? Best, IReadOnlyList<PlaceCandidate> Candidates)
{
    /// <summary>A country was asked (or named in the text) and no place of that name lies in it.</summary>
    public bool NoneInCountry { get; init; }

    /// <summary>When <see cref="NoneInCountry"/>: the places of that name in other countries, best first; otherwise empty.</summary>
    public IReadOnlyList<PlaceCandidate> OtherCountries { get; init; } = [];

    /// <summary>What the API tells a reader when <see cref="NoneInCountry"/> (« Aucun lieu de ce nom au Canada dans la base. »).</summary>
    public string? Note { get; init; }
}
