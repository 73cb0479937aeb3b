using System.Runtime.CompilerServices;

namespace CityDiplomacy.Reference;

/// <summary>How one shipped TSV file maps to one table: its columns and the values of each row, in order.</summary>
internal sealed class ReferenceTable(
    string name,
    Type entityType,
    string[] properties,
    string[] fileColumns,
    Func<TsvFile, string, object?[]> map)
{
    public string Name { get; } = name;
    public Type EntityType { get; } = entityType;
    /// <summary>Entity property names, in the order of the values <see cref="ReadAsync"/> yields.</summary>
    public IReadOnlyList<string> Properties { get; } = properties;

    public async IAsyncEnumerable<object?[]> ReadAsync(TsvFile tsv, string version,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in tsv.RowsAsync(fileColumns).WithCancellation(cancellationToken))
            yield return map(row, version);
    }

    public static readonly ReferenceTable Regions = new("regions", typeof(Region),
        [nameof(Region.Code), nameof(Region.Name), nameof(Region.ChefLieu), nameof(Region.Zone), nameof(Region.DatasetVersion)],
        ["code", "name", "chefLieu", "zone"],
        (r, v) => [r.Required("code"), r.Required("name"), r.Text("chefLieu"), r.Text("zone"), v]);

    public static readonly ReferenceTable Departments = new("departments", typeof(Department),
        [nameof(Department.Code), nameof(Department.Name), nameof(Department.RegionCode), nameof(Department.ChefLieu),
            nameof(Department.Zone), nameof(Department.DatasetVersion)],
        ["code", "name", "region", "chefLieu", "zone"],
        (r, v) => [r.Required("code"), r.Required("name"), r.Required("region"), r.Text("chefLieu"), r.Text("zone"), v]);

    public static readonly ReferenceTable Epcis = new("epci", typeof(Epci),
        [nameof(Epci.Siren), nameof(Epci.Name), nameof(Epci.Type), nameof(Epci.Financing), nameof(Epci.Population),
            nameof(Epci.DatasetVersion)],
        ["siren", "name", "type", "financing", "population"],
        (r, v) => [r.Required("siren"), r.Required("name"), r.Required("type"), r.Text("financing"), r.Int("population"), v]);

    public static readonly ReferenceTable Communes = new("communes", typeof(Commune),
        [nameof(Commune.Code), nameof(Commune.Kind), nameof(Commune.Name), nameof(Commune.SearchName),
            nameof(Commune.DepartmentCode), nameof(Commune.RegionCode), nameof(Commune.ArrondissementCode),
            nameof(Commune.EpciSiren), nameof(Commune.Siren), nameof(Commune.ParentCode), nameof(Commune.Postcodes),
            nameof(Commune.Population), nameof(Commune.Latitude), nameof(Commune.Longitude),
            nameof(Commune.CoordinateSource), nameof(Commune.GeonameId), nameof(Commune.Zone), nameof(Commune.FormerCodes),
            nameof(Commune.DatasetVersion)],
        ["code", "type", "name", "department", "region", "arrondissement", "epci", "siren", "parent", "postcodes",
            "population", "latitude", "longitude", "coordinateSource", "geonameId", "zone", "formerCodes"],
        (r, v) =>
        {
            var name = r.Required("name");
            return
            [
                r.Required("code"), ParseKind(r).ToString(), name, NameFolding.Fold(name), r.Required("department"),
                r.Required("region"), r.Text("arrondissement"), r.Text("epci"), r.Text("siren"), r.Text("parent"),
                r.Text("postcodes") ?? "", r.Int("population"), r.Double("latitude"), r.Double("longitude"),
                r.Text("coordinateSource"), r.Int("geonameId"), r.Text("zone"), r.Text("formerCodes") ?? "", v,
            ];
        });

    public static readonly ReferenceTable Countries = new("countries", typeof(Country),
        [nameof(Country.Code), nameof(Country.Alpha3), nameof(Country.Numeric), nameof(Country.NameFr), nameof(Country.NameEn),
            nameof(Country.AliasesFr), nameof(Country.AliasesEn), nameof(Country.DatasetVersion)],
        ["alpha2", "alpha3", "numeric", "nameFr", "nameEn", "aliasesFr", "aliasesEn"],
        (r, v) =>
        [
            r.Required("alpha2"), r.Required("alpha3"), r.Required("numeric"), r.Required("nameFr"), r.Required("nameEn"),
            r.Text("aliasesFr") ?? "", r.Text("aliasesEn") ?? "", v,
        ]);

    public static readonly ReferenceTable Places = new("places", typeof(Place),
        [nameof(Place.GeonameId), nameof(Place.Name), nameof(Place.AsciiName), nameof(Place.AlternateNames),
            nameof(Place.Latitude), nameof(Place.Longitude), nameof(Place.FeatureClass), nameof(Place.FeatureCode),
            nameof(Place.CountryCode), nameof(Place.Admin1Code), nameof(Place.Admin2Code), nameof(Place.Population),
            nameof(Place.DatasetVersion)],
        ["geonameId", "name", "asciiName", "alternateNames", "latitude", "longitude", "featureClass", "featureCode",
            "countryCode", "admin1Code", "admin2Code", "population"],
        (r, v) =>
        [
            r.Int("geonameId") ?? throw r.Error("champ « geonameId » vide"), r.Required("name"), r.Text("asciiName"),
            r.Text("alternateNames"), r.Double("latitude") ?? throw r.Error("champ « latitude » vide"),
            r.Double("longitude") ?? throw r.Error("champ « longitude » vide"), r.Required("featureClass"),
            r.Text("featureCode"), r.Required("countryCode"), r.Text("admin1Code"), r.Text("admin2Code"),
            r.Long("population") ?? 0L, v,
        ]);

    public static readonly ReferenceTable Admin1 = new("admin1", typeof(Admin1Region),
        [nameof(Admin1Region.CountryCode), nameof(Admin1Region.Code), nameof(Admin1Region.Name), nameof(Admin1Region.DatasetVersion)],
        ["countryCode", "admin1Code", "name"],
        (r, v) => [r.Required("countryCode"), r.Required("admin1Code"), r.Required("name"), v]);

    private static CommuneKind ParseKind(TsvFile row) => row.Required("type") switch
    {
        "actuelle" => CommuneKind.Current,
        "deleguee" => CommuneKind.Delegated,
        "associee" => CommuneKind.Associated,
        "arrondissement" => CommuneKind.MunicipalArrondissement,
        var other => throw row.Error($"type de commune « {other} » inconnu"),
    };
}
