using CityDiplomacy.Portal.Maps;

namespace CityDiplomacy.Portal;

/// <summary>Serves the world base map that commune pages reference with &lt;use&gt;, cached by browsers for a year.</summary>
public static class BaseMapEndpoint
{
    public static IEndpointRouteBuilder MapBaseMap(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cartes/monde-{width:int}.svg", GetBaseMap)
            .WithName("GetBaseMap")
            .WithSummary("Fond de carte du monde (SVG), référencé par les cartes des pages de commune")
            .WithTags("Portail")
            .ExcludeFromDescription();
        return app;
    }

    internal static IResult GetBaseMap(HttpContext http, int width)
    {
        if (width != MapSvg.Width) return TypedResults.NotFound();
        var rendering = WorldMap.Shared.At(width);
        // The URL carries the content's hash: a new atlas gives a new URL, so the old one can be cached for ever.
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Text(rendering.BaseMapDocument, "image/svg+xml; charset=utf-8");
    }
}
