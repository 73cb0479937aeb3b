using System.Globalization;
using System.Text.Json;
using CityDiplomacy.Engagements;

namespace CityDiplomacy.OpenData;

/// <summary>The register's own exports: the public engagements as a table (CSV, XLSX), JSON and GeoJSON.</summary>
public static class EngagementExports
{
    private static readonly ExportScope[] AllScopes = [ExportScope.Commune, ExportScope.Country, ExportScope.Nation];
    private const string Title = "Engagements internationaux publics";

    public static void Register(OpenDataRegistry registry) => registry
        .Add(new("engagements.csv", "text/csv; charset=utf-8", "CSV", Title, "Une ligne par engagement public.", AllScopes,
            (context, output, ct) => TableWriters.WriteCsvAsync(Table(context, ct), context.Separator, output, ct)))
        .Add(new("engagements.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", Title,
            "Classeur Excel : une ligne par engagement public.", AllScopes,
            (context, output, ct) => TableWriters.WriteXlsxAsync(Table(context, ct), "engagements", output, ct)))
        .Add(new("engagements.json", "application/json; charset=utf-8", "JSON", Title,
            "Tableau JSON : un objet par engagement public, avec ses partenaires, délibérations et champs propres à son type.", AllScopes,
            WriteJsonAsync))
        .Add(new("engagements.geojson", "application/geo+json", "GeoJSON", Title,
            "GeoJSON (RFC 7946) : un point par commune et par partenaire localisé, une ligne commune → partenaire par lien.", AllScopes,
            WriteGeoJsonAsync));

    /// <summary>The table's columns, in order, and how each is read from a public engagement.</summary>
    public static readonly IReadOnlyList<(string Name, Func<OpenEngagement, object?> Value)> Columns =
    [
        ("id", e => e.Id.ToString()),
        ("commune_insee", e => e.Commune.Code),
        ("commune_nom", e => e.Commune.Name),
        ("type", e => EngagementKinds.Slug(e.Kind)),
        ("type_libelle", e => EngagementKinds.Label(e.Kind)),
        ("intitule", e => e.Title),
        ("description", e => e.Description),
        ("statut", e => EngagementStatuses.Slug(e.Status)),
        ("date_debut", e => e.StartedOn),
        ("date_fin", e => e.EndedOn),
        ("statut_date", e => e.StatusChangedOn),
        ("statut_motif", e => e.StatusReason),
        ("themes", e => Join(e.Themes.Select(t => Themes.Label(t)))),
        ("partenaires", e => Join(e.Partners.Select(p => p.Name))),
        ("partenaires_pays", e => Join(e.Partners.Select(p => p.CountryCode))),
        ("partenaires_geonames", e => Join(e.Partners.Select(p => p.GeonameId?.ToString(CultureInfo.InvariantCulture) ?? ""))),
        ("deliberations", e => Join(e.Deliberations.Select(d => $"{d.Reference} ({d.Date:yyyy-MM-dd})"))),
        ("comite_jumelage", e => e.CommitteeName),
        ("comite_jumelage_rna", e => e.CommitteeRna),
        ("code_cad_crs", e => e.DacSectorCode),
        ("budget_total_euros", e => e.BudgetLines.Count == 0 ? null : e.BudgetLines.Sum(l => l.AmountEuros)),
        ("personne_honoree", e => e.PersonName),
        ("personne_pays", e => e.PersonCountry),
        ("personne_qualite", e => e.PersonRole),
        ("personne_situation", e => e.Situation?.Situation),
        ("reseau", e => e.NetworkName),
        ("evenement", e => e.EventName ?? e.WorldDayName),
        ("evenement_lieu", e => e.EventPlace),
        ("annee", e => e.WorldDayYear),
        ("provenance", e => Slugs.Of(e.Provenance)),
        ("source", e => e.SourceName),
        ("source_url", e => e.SourceUrl),
        ("source_version", e => e.SourceVersion),
        ("source_enregistrement", e => e.SourceRecord),
        ("mis_a_jour", e => e.UpdatedAt),
    ];

    public static ExportTable Table(ExportContext context, CancellationToken cancellationToken) =>
        new(Columns.Select(c => c.Name).ToList(), RowsAsync(context, cancellationToken));

    private static async IAsyncEnumerable<object?[]> RowsAsync(ExportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in PublicRegister.ReadAsync(context.Db, context.Request, cancellationToken))
        {
            var row = new object?[Columns.Count];
            for (var i = 0; i < row.Length; i++) row[i] = Columns[i].Value(e);
            yield return row;
        }
    }

    private static string? Join(IEnumerable<string> values)
    {
        var text = string.Join(" | ", values);
        return text.Length == 0 ? null : text;
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>
    /// A JSON array written element by element into a small buffer, sent to the response each time it grows past
    /// 16 KiB (the serializer flushes synchronously, which the server refuses on its own stream).
    /// </summary>
    private static async Task WriteJsonAsync(ExportContext context, Stream output, CancellationToken cancellationToken)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(32 * 1024);
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartArray();
        await foreach (var e in PublicRegister.ReadAsync(context.Db, context.Request, cancellationToken))
        {
            JsonSerializer.Serialize(json, e, Json);
            json.Flush();
            if (buffer.WrittenCount > 16 * 1024)
            {
                await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }
        json.WriteEndArray();
        json.Flush();
        await output.WriteAsync(buffer.WrittenMemory, cancellationToken);
    }

    /// <summary>
    /// RFC 7946: a FeatureCollection in WGS 84, positions [longitude, latitude] (6 decimals). Each commune once as a
    /// Point, each located partner as a Point, and each commune → partner link as a LineString, or as a
    /// MultiLineString cut at the antimeridian when the link crosses it (see <see cref="Link"/>).
    /// </summary>
    private static async Task WriteGeoJsonAsync(ExportContext context, Stream output, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        var communesWritten = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in PublicRegister.ReadAsync(context.Db, context.Request, cancellationToken))
        {
            var commune = e.Commune;
            var communeLocated = commune.Latitude is not null && commune.Longitude is not null;
            if (communeLocated && communesWritten.Add(commune.Code))
            {
                StartFeature(json, "commune");
                json.WriteString("commune_insee", commune.Code);
                json.WriteString("commune_nom", commune.Name);
                EndProperties(json);
                WritePoint(json, commune.Longitude!.Value, commune.Latitude!.Value);
                json.WriteEndObject();
            }
            foreach (var partner in e.Partners)
            {
                if (partner.Latitude is not { } lat || partner.Longitude is not { } lon) continue;
                StartFeature(json, "partner");
                WriteEngagementProperties(json, e, partner);
                EndProperties(json);
                WritePoint(json, lon, lat);
                json.WriteEndObject();
                if (!communeLocated) continue;
                StartFeature(json, "link");
                WriteEngagementProperties(json, e, partner);
                EndProperties(json);
                WriteLink(json, commune.Longitude!.Value, commune.Latitude!.Value, lon, lat);
                json.WriteEndObject();
            }
            if (json.BytesPending > 16 * 1024) await json.FlushAsync(cancellationToken);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static void StartFeature(Utf8JsonWriter json, string role)
    {
        json.WriteStartObject();
        json.WriteString("type", "Feature");
        json.WriteStartObject("properties");
        json.WriteString("role", role);
    }

    private static void EndProperties(Utf8JsonWriter json) => json.WriteEndObject();

    private static void WriteEngagementProperties(Utf8JsonWriter json, OpenEngagement e, OpenPartner partner)
    {
        json.WriteString("engagement_id", e.Id);
        json.WriteString("commune_insee", e.Commune.Code);
        json.WriteString("commune_nom", e.Commune.Name);
        json.WriteString("type", EngagementKinds.Slug(e.Kind));
        json.WriteString("intitule", e.Title);
        json.WriteString("statut", EngagementStatuses.Slug(e.Status));
        json.WriteString("provenance", Slugs.Of(e.Provenance));
        if (e.SourceName is { } source) json.WriteString("source", source);
        if (e.SourceUrl is { } url) json.WriteString("source_url", url);
        json.WriteString("partenaire", partner.Name);
        json.WriteString("partenaire_pays", partner.CountryCode);
        if (partner.GeonameId is { } id) json.WriteNumber("partenaire_geonames", id);
    }

    /// <summary>
    /// The line of a link, drawn the short way round: a straight segment in longitude/latitude over the smaller arc of
    /// longitude (not a great circle). When that arc crosses the antimeridian (the two longitudes are more than 180°
    /// apart), RFC 7946 §3.1.9 asks for the line to be cut there: two parts that meet at ±180° at the latitude where the
    /// segment crosses it. One part: a LineString; two: a MultiLineString.
    /// </summary>
    public static IReadOnlyList<(double Lon, double Lat)[]> Link(double fromLon, double fromLat, double toLon, double toLat)
    {
        var delta = toLon - fromLon;
        if (Math.Abs(delta) <= 180) return [[(fromLon, fromLat), (toLon, toLat)]];
        // Eastward past +180 when the target lies far west, westward past -180 otherwise.
        var edge = delta < 0 ? 180d : -180d;
        var unwrapped = toLon + (delta < 0 ? 360 : -360);
        var crossingLat = fromLat + (toLat - fromLat) * (edge - fromLon) / (unwrapped - fromLon);
        return [[(fromLon, fromLat), (edge, crossingLat)], [(-edge, crossingLat), (toLon, toLat)]];
    }

    private static void WriteLink(Utf8JsonWriter json, double fromLon, double fromLat, double toLon, double toLat)
    {
        var parts = Link(fromLon, fromLat, toLon, toLat);
        json.WriteStartObject("geometry");
        json.WriteString("type", parts.Count == 1 ? "LineString" : "MultiLineString");
        json.WriteStartArray("coordinates");
        foreach (var part in parts)
        {
            if (parts.Count > 1) json.WriteStartArray();
            foreach (var (lon, lat) in part) WritePosition(json, lon, lat);
            if (parts.Count > 1) json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter json, double lon, double lat)
    {
        json.WriteStartObject("geometry");
        json.WriteString("type", "Point");
        json.WritePropertyName("coordinates");
        WritePosition(json, lon, lat);
        json.WriteEndObject();
    }

    private static void WritePosition(Utf8JsonWriter json, double lon, double lat)
    {
        json.WriteStartArray();
        json.WriteNumberValue(Math.Round(lon, 6));
        json.WriteNumberValue(Math.Round(lat, 6));
        json.WriteEndArray();
    }
}
