using System.Xml.Linq;
using CityDiplomacy.Portal.Maps;

namespace CityDiplomacy.Tests.Portal;

/// <summary>The server-drawn SVG: valid XML, accessible, one line per partner, choropleth classes.</summary>
public sealed class MapSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly LonLat SaintJeanDeBraye = new(1.9771, 47.913);

    [Fact]
    public void The_links_map_is_valid_SVG_with_a_title_a_description_and_one_line_per_partner()
    {
        MapPoint[] partners = [new(new(20.3, 50.5), "Tuchów"), new(new(139.7, 35.7), "Tōkyō <&>"), new(new(-70.6, -33.4), "Santiago")];

        var text = MapSvg.Links("carte", "Carte des partenaires de « Saint-Jean » & co", "Trois lignes <b>", SaintJeanDeBraye, partners).ToString();

        var svg = XDocument.Parse(text).Root!;
        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal("img", (string?)svg.Attribute("role"));
        Assert.Equal("carte-titre carte-desc", (string?)svg.Attribute("aria-labelledby"));
        Assert.Equal("Carte des partenaires de « Saint-Jean » & co", svg.Element(Svg + "title")!.Value);
        Assert.Equal("Trois lignes <b>", svg.Element(Svg + "desc")!.Value);
        Assert.Equal(3, svg.Descendants(Svg + "path").Count(p => (string?)p.Attribute("class") == "link"));
        Assert.Equal(3, svg.Descendants(Svg + "circle").Count(c => (string?)c.Attribute("class") == "partner"));
        Assert.Single(svg.Descendants(Svg + "circle"), c => (string?)c.Attribute("class") == "origin");
        // Compact: the countries are referenced from the cached base map, so the page carries only the links.
        Assert.InRange(text.Length, 200, 5_000);
        Assert.InRange(WorldMap.Shared.At(960).BaseMapDocument.Length, 20_000, 150_000);
        Assert.DoesNotMatch(@"\d\.\d\d", text);
    }

    [Fact]
    public void Without_the_commune_position_no_line_is_drawn_but_partners_are()
    {
        var svg = XDocument.Parse(MapSvg.Links("carte", "t", "d", null, [new(new(20.3, 50.5), "Tuchów")]).ToString()).Root!;

        Assert.DoesNotContain(svg.Descendants(Svg + "path"), p => (string?)p.Attribute("class") == "link");
        Assert.Single(svg.Descendants(Svg + "circle"));
    }

    [Fact]
    public void A_commune_whose_partners_are_all_in_Europe_gets_a_map_of_Europe()
    {
        MapPoint[] partners =
        [
            new(new(20.97, 49.85), "Tuchów"), new(new(22.22, 50.92), "Kraśnik"), new(new(-3.70, 40.42), "Madrid"),
            new(new(10.00, 53.55), "Hamburg"), new(new(12.50, 41.90), "Roma"),
        ];
        var r = WorldMap.Shared.At(960);

        var svg = XDocument.Parse(MapSvg.Links("carte", "t", "d", SaintJeanDeBraye, partners).ToString()).Root!;

        var (x, y, w, h) = ViewBox(svg);
        Assert.InRange(w, 60, 960 * 0.4); // Europe, not the 960-pixel world
        Assert.Equal(960.0 / r.Height, w / h, 2); // the world map's proportions
        // Every place is inside the view, with a margin; the Atlantic off Brazil and the Urals are not.
        foreach (var place in partners.Select(p => p.Position).Append(SaintJeanDeBraye))
        {
            var (px, py) = r.ToSvg(place.Lon, place.Lat);
            Assert.InRange(px, x + 1, x + w - 1);
            Assert.InRange(py, y + 1, y + h - 1);
        }
        Assert.False(Inside(r.ToSvg(-35, 0), x, y, w, h));
        Assert.False(Inside(r.ToSvg(60, 55), x, y, w, h));
        Assert.False(MapSvg.LinksShowTheWorld(SaintJeanDeBraye, partners));
        // The marks keep their size on screen: smaller in the map's units.
        var radius = double.Parse((string)svg.Descendants(Svg + "circle").First().Attribute("r")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(radius, 0.1, 2.9);
    }

    [Fact]
    public void A_commune_with_partners_in_Japan_and_in_Canada_gets_the_world_map()
    {
        MapPoint[] partners = [new(new(139.69, 35.69), "Tōkyō"), new(new(-73.57, 45.50), "Montréal"), new(new(20.97, 49.85), "Tuchów")];

        var svg = XDocument.Parse(MapSvg.Links("carte", "t", "d", SaintJeanDeBraye, partners).ToString()).Root!;

        Assert.Equal((0.0, 0.0, 960.0, (double)WorldMap.Shared.At(960).Height), ViewBox(svg));
        Assert.True(MapSvg.LinksShowTheWorld(SaintJeanDeBraye, partners));
        Assert.Equal("3", (string?)svg.Descendants(Svg + "circle").First().Attribute("r"));
    }

    [Fact]
    public void Places_on_both_sides_of_the_antimeridian_get_the_world_map_however_close()
    {
        // Nouméa with Suva and Apia: 22 degrees apart across the 180th meridian, where the map is cut.
        var noumea = new LonLat(166.45, -22.27);
        MapPoint[] partners = [new(new(178.44, -18.14), "Suva"), new(new(-171.76, -13.83), "Apia")];

        Assert.True(MapSvg.LinksShowTheWorld(noumea, partners));
        Assert.False(MapSvg.LinksShowTheWorld(noumea, [partners[0]]));
        Assert.True(MapSvg.LinksShowTheWorld(null, []));
    }

    [Fact]
    public void A_great_circle_across_the_antimeridian_is_cut_in_two()
    {
        var r = WorldMap.Shared.At(960);

        var pacific = r.GreatCircle(new LonLat(170, -20), new LonLat(-170, -15));
        var europe = r.GreatCircle(SaintJeanDeBraye, new LonLat(20.3, 50.5));

        Assert.Equal(2, pacific.Count(c => c == 'M'));
        Assert.Equal(1, europe.Count(c => c == 'M'));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(49, 3)]
    [InlineData(50, 4)]
    [InlineData(199, 4)]
    [InlineData(200, 5)]
    [InlineData(5000, 5)]
    public void Counts_fall_in_the_legend_classes(int count, int expected) => Assert.Equal(expected, MapSvg.ClassOf(count));

    [Fact]
    public void The_choropleth_colours_each_partner_country_by_its_class_and_leaves_the_others_grey()
    {
        var svg = XDocument.Parse(MapSvg.Choropleth("choro", "t", "d", new Dictionary<string, int> { ["616"] = 3, ["276"] = 250 }).ToString()).Root!;

        var paths = svg.Descendants(Svg + "path").ToList();
        var poland = Assert.Single(paths, p => (string?)p.Attribute("class") == "c1");
        Assert.Equal(WorldMap.Shared.At(960).CountryPaths["616"], (string?)poland.Attribute("d"));
        var germany = Assert.Single(paths, p => (string?)p.Attribute("class") == "c5");
        Assert.Equal(WorldMap.Shared.At(960).CountryPaths["276"], (string?)germany.Attribute("d"));
        Assert.Equal(WorldMap.Shared.At(960).CountryPaths.Count - 2, paths.Count(p => (string?)p.Attribute("class") == "c0"));
        Assert.Equal(WorldMap.Shared.At(960).CountryPaths.Count, paths.Count);
    }

    [Fact]
    public void The_country_map_zooms_on_the_country_and_marks_each_place()
    {
        var svg = XDocument.Parse(MapSvg.Country("pays", "t", "d", "616", [new(new(20.3, 50.5), "Tuchów"), new(new(22.2, 50.9), "Kraśnik")]).ToString()).Root!;

        var viewBox = ((string)svg.Attribute("viewBox")!).Split(' ').Select(double.Parse).ToArray();
        Assert.InRange(viewBox[2], 100, 400); // a region, not the 960-pixel world
        Assert.Single(svg.Descendants(Svg + "path"), p => (string?)p.Attribute("class") == "focus");
        Assert.Equal(2, svg.Descendants(Svg + "circle").Count());
    }

    [Fact]
    public void The_base_map_is_computed_once_per_width()
    {
        Assert.Same(WorldMap.Shared.At(960), WorldMap.Shared.At(960));
        // The commune map references the base map document served once (its URL holds the document's hash).
        Assert.Same(WorldMap.Shared.At(960).BaseMapUrl, WorldMap.Shared.At(960).BaseMapUrl);
        Assert.Contains(WorldMap.Shared.At(960).BaseMapUrl + "#terres", MapSvg.Links("a", "t", "d", null, []).Parts[1]);
        Assert.Same(WorldMap.Shared.At(960).CountryElements["616"][1],
            MapSvg.Choropleth("b", "t", "d", new Dictionary<string, int> { ["616"] = 1 }).Parts.Single(p => p.Contains("c1", StringComparison.Ordinal)));
        Assert.NotSame(WorldMap.Shared.At(960), WorldMap.Shared.At(480));
    }

    [Fact]
    public void The_bar_chart_is_valid_SVG_with_one_bar_per_year()
    {
        var svg = XDocument.Parse(BarChart.Render("budget", "Budget", "Deux années", [("2023", 1000, "10 €"), ("2024", 500, "5 €")])).Root!;

        var bars = svg.Descendants(Svg + "rect").ToList();
        Assert.Equal(2, bars.Count);
        Assert.Equal(2 * double.Parse((string)bars[1].Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse((string)bars[0].Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture), 0);
        Assert.Equal("img", (string?)svg.Attribute("role"));
    }

    private static (double X, double Y, double W, double H) ViewBox(XElement svg)
    {
        var v = ((string)svg.Attribute("viewBox")!).Split(' ').Select(n => double.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (v[0], v[1], v[2], v[3]);
    }

    private static bool Inside((double X, double Y) point, double x, double y, double w, double h) =>
        point.X >= x && point.X <= x + w && point.Y >= y && point.Y <= y + h;
}
