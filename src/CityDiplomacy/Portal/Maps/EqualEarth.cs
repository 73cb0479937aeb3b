namespace CityDiplomacy.Portal.Maps;

/// <summary>
/// The Equal Earth projection (Šavrič, Patterson and Jenny, 2018): equal-area, pseudocylindrical, made for world
/// maps. Chosen over Web Mercator because a choropleth of countries must not inflate the high latitudes.
/// Output in the projection's unit (x in [-2.7066, 2.7066], y in [-1.3173, 1.3173], north up, so y grows northward).
/// </summary>
public static class EqualEarth
{
    private const double A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796;
    private static readonly double M = Math.Sqrt(3) / 2;

    public static (double X, double Y) Project(double lon, double lat)
    {
        var lambda = lon * Math.PI / 180;
        var phi = Math.Clamp(lat, -90, 90) * Math.PI / 180;
        var theta = Math.Asin(M * Math.Sin(phi));
        var t2 = theta * theta;
        var t6 = t2 * t2 * t2;
        var x = lambda * Math.Cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
        var y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
        return (x, y);
    }

    /// <summary>Half the width and half the height of the whole map.</summary>
    public static readonly double HalfWidth = Project(180, 0).X;
    public static readonly double HalfHeight = Project(0, 90).Y;
}
