using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CityDiplomacy.Engagements;
using CityDiplomacy.Places;
using CsvHelper;
using CsvHelper.Configuration;

namespace CityDiplomacy.Evidence;

/// <summary>A row refused (its import writes nothing) or set aside on purpose (the rest is imported), with the reason.</summary>
public sealed record EvidenceIssue(int Line, string Field, string Reason);

/// <summary>One indicator value read from a file.</summary>
public sealed record IndicatorRow(int Line, string CountryCode, string Indicator, int Year, decimal? Value, string? Text, string? SourceUrl);

/// <summary>One alert read from a file, its place already resolved.</summary>
public sealed record AlertRow(int Line, AlertLevel Level, string CountryCode, string? PlaceText, int? GeonameId, string? Admin1Code,
    string Type, string Title, string? AdoptedOn, string? RepealedOn, string SourceName, string SourceUrl, string? Note);

/// <summary>One row of the territorial-status file.</summary>
public sealed record TerritoryRow(int Line, string Territory, string Name, string CountryCode, string? Admin1Code, int? GeonameId,
    string Status, string SourceName, string SourceUrl, string? SourceDate);

/// <summary>What a file holds once read: its rows, the rows refused and the rows set aside, and the columns it ignored.</summary>
public sealed class EvidenceFile<T>
{
    public List<T> Rows { get; } = [];
    public List<EvidenceIssue> Rejected { get; } = [];
    public List<EvidenceIssue> Skipped { get; } = [];
    public List<string> IgnoredColumns { get; } = [];
    public int LinesRead { get; set; }
}

/// <summary>
/// Readers of the evidence files as their publishers distribute them: the V-Dem six-indices extract, Freedom House's
/// « Freedom in the World » table, a generic <c>country,indicator,year,value,source_url</c> table, local alerts and
/// the territorial-status file. CSV, comma-separated, UTF-8 with or without BOM. Nothing is written here.
/// </summary>
public static partial class EvidenceFiles
{
    /// <summary>
    /// The V-Dem indices read (v14 codebook names). In the six-indices extract, <c>v2x_pubcorr</c> is inverted
    /// (1 − the public sector corruption index, so that higher is better like the others): it is stored as
    /// <c>vdem.v2x_pubcorr_inverted</c> to keep that meaning explicit.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> VDemIndicators = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["v2x_veracc_osp"] = "vdem.v2x_veracc_osp",
        ["v2xcs_ccsi"] = "vdem.v2xcs_ccsi",
        ["v2xcl_rol"] = "vdem.v2xcl_rol",
        ["v2x_freexp_altinf"] = "vdem.v2x_freexp_altinf",
        ["v2x_horacc_osp"] = "vdem.v2x_horacc_osp",
        ["v2x_pubcorr"] = "vdem.v2x_pubcorr_inverted",
        ["v2x_pubcorr_inverted"] = "vdem.v2x_pubcorr_inverted",
    };

    /// <summary>V-Dem codes that are not ISO alpha-3 codes: mapped when the unit is an ISO country, else set aside with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, (string? Code, string Reason)> VDemSpecialCodes =
        new Dictionary<string, (string?, string)>(StringComparer.Ordinal)
        {
            ["PSE"] = ("PS", "Palestine/West Bank : enregistré pour la Palestine (PS)"),
            ["PSG"] = (null, "Palestine/Gaza : V-Dem l'évalue à part de la Cisjordanie ; seule la Cisjordanie (PSE) est enregistrée pour PS"),
            ["XKX"] = ("XK", "Kosovo"),
            ["SML"] = (null, "Somaliland : sans code ISO 3166-1 (la France le considère comme partie de la Somalie)"),
            ["ZZB"] = (null, "Zanzibar : sans code ISO 3166-1 (partie de la Tanzanie, évalué à part)"),
            ["DDR"] = (null, "République démocratique allemande : État disparu en 1990, sans code ISO actuel"),
            ["VDR"] = (null, "République du Viêt Nam (Sud) : État disparu en 1975, sans code ISO actuel"),
            ["YMD"] = (null, "Yémen du Sud : État disparu en 1990, sans code ISO actuel"),
        };

    /// <summary>
    /// Freedom House names that the country names do not find, or that must not be guessed: territories rated apart.
    /// A code maps the row; null sets it aside with the reason.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string? Code, string Reason)> FreedomHouseNames =
        new Dictionary<string, (string?, string)>(StringComparer.OrdinalIgnoreCase)
        {
            ["Congo (Brazzaville)"] = ("CG", "Congo (Brazzaville)"),
            ["Congo (Kinshasa)"] = ("CD", "Congo (Kinshasa)"),
            ["Brunei"] = ("BN", "Brunei"),
            ["Cabo Verde"] = ("CV", "Cabo Verde"),
            ["St. Kitts and Nevis"] = ("KN", "Saint-Christophe-et-Niévès"),
            ["St. Lucia"] = ("LC", "Sainte-Lucie"),
            ["St. Vincent and the Grenadines"] = ("VC", "Saint-Vincent-et-les-Grenadines"),
            ["Syria"] = ("SY", "Syrie"),
            ["West Bank"] = ("PS", "Cisjordanie : enregistrée pour la Palestine (PS)"),
            ["Gaza Strip"] = (null, "Bande de Gaza : Freedom House l'évalue à part de la Cisjordanie ; seule la Cisjordanie est enregistrée pour PS"),
            ["Hong Kong"] = ("HK", "Hong Kong"),
            ["Puerto Rico"] = ("PR", "Porto Rico"),
            ["Western Sahara"] = ("EH", "Sahara occidental"),
            ["Abkhazia"] = (null, "Abkhazie : territoire géorgien sous occupation, évalué à part ; voir le fichier des statuts territoriaux"),
            ["South Ossetia"] = (null, "Ossétie du Sud : territoire géorgien sous occupation, évalué à part ; voir le fichier des statuts territoriaux"),
            ["Crimea"] = (null, "Crimée : territoire ukrainien annexé, évalué à part ; voir le fichier des statuts territoriaux"),
            ["Eastern Donbas"] = (null, "Donbass oriental : territoire ukrainien occupé, évalué à part ; voir le fichier des statuts territoriaux"),
            ["Transnistria"] = (null, "Transnistrie : territoire moldave, évalué à part ; voir le fichier des statuts territoriaux"),
            ["Northern Cyprus"] = (null, "Chypre du Nord : territoire chypriote, évalué à part ; voir le fichier des statuts territoriaux"),
            ["Nagorno-Karabakh"] = (null, "Haut-Karabakh : territoire évalué à part, sans code ISO 3166-1"),
            ["Indian Kashmir"] = (null, "Cachemire indien : territoire évalué à part, sans code ISO 3166-1"),
            ["Pakistani Kashmir"] = (null, "Cachemire pakistanais : territoire évalué à part, sans code ISO 3166-1"),
            ["Somaliland"] = (null, "Somaliland : sans code ISO 3166-1 (partie de la Somalie)"),
            ["Tibet"] = (null, "Tibet : territoire évalué à part de la Chine, sans code ISO 3166-1"),
        };

    /// <summary>Freedom House columns read, and the indicator each becomes.</summary>
    public static readonly IReadOnlyList<(string Column, string Indicator, bool Text)> FreedomHouseColumns =
    [
        ("Status", "fh.status", true),
        ("PR rating", "fh.pr_rating", false),
        ("CL rating", "fh.cl_rating", false),
        ("PR", "fh.pr", false),
        ("CL", "fh.cl", false),
        ("Total", "fh.total", false),
    ];

    public static readonly string[] AlertColumns =
        ["level", "country", "place", "type", "title", "adopted_on", "repealed_on", "source_name", "source_url", "note"];

    public static readonly string[] TerritoryColumns =
        ["territory", "name", "country", "admin1", "geoname_id", "place_name", "status", "source_name", "source_url", "source_date"];

    public static readonly string[] TerritoryStatuses =
        ["annexation-not-recognised", "occupation", "occupation-partial", "secession-not-recognised", "settlement"];

    public static EvidenceFile<IndicatorRow> ReadVDem(byte[] bytes, string file, CountryNames countries)
    {
        var result = new EvidenceFile<IndicatorRow>();
        Read(bytes, file, ["country_text_id", "year"], result, header =>
        {
            result.IgnoredColumns.AddRange(header.Where(h => !VDemIndicators.ContainsKey(h)
                && h is not ("country_text_id" or "year" or "country_name" or "country_id" or "gwcode")));
            if (!header.Any(VDemIndicators.ContainsKey))
                throw new InvalidDataException($"{file} : aucune colonne d'indice V-Dem reconnue ({string.Join(", ", VDemIndicators.Keys.Distinct())}).");
        }, (csv, line) =>
        {
            var code = Field(csv, "country_text_id");
            if (code is null) { result.Rejected.Add(new(line, "country_text_id", "code pays vide")); return; }
            string country;
            if (VDemSpecialCodes.TryGetValue(code, out var special))
            {
                if (special.Code is null) { result.Skipped.Add(new(line, "country_text_id", $"{code} : {special.Reason}")); return; }
                country = special.Code;
            }
            else if (countries.Find(code) is { } scope && code.Length == 3 && !scope.Code.Contains('/')) country = scope.Code;
            else { result.Skipped.Add(new(line, "country_text_id", $"{code} : aucun pays ISO 3166-1 de ce code alpha-3")); return; }
            if (!Year(csv, "year", line, result.Rejected, out var year)) return;
            foreach (var column in csv.HeaderRecord!.Where(VDemIndicators.ContainsKey))
            {
                var text = Field(csv, column);
                if (text is null || text.Equals("NA", StringComparison.OrdinalIgnoreCase)) continue;
                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || value > 1)
                {
                    result.Rejected.Add(new(line, column, $"« {text} » n'est pas un indice entre 0 et 1"));
                    continue;
                }
                result.Rows.Add(new IndicatorRow(line, country, VDemIndicators[column], year, Math.Round(value, 4), null, null));
            }
        });
        return result;
    }

    public static EvidenceFile<IndicatorRow> ReadFreedomHouse(byte[] bytes, string file, CountryNames countries)
    {
        var result = new EvidenceFile<IndicatorRow>();
        Read(bytes, file, ["Country/Territory", "Edition", .. FreedomHouseColumns.Select(c => c.Column)], result, _ => { }, (csv, line) =>
        {
            var name = Field(csv, "Country/Territory");
            if (name is null) { result.Rejected.Add(new(line, "Country/Territory", "nom de pays vide")); return; }
            string country;
            if (FreedomHouseNames.TryGetValue(name, out var special))
            {
                if (special.Code is null) { result.Skipped.Add(new(line, "Country/Territory", $"{name} : {special.Reason}")); return; }
                country = special.Code;
            }
            else if (countries.Find(name) is { } scope && !scope.Code.Contains('/')) country = scope.Code;
            else { result.Skipped.Add(new(line, "Country/Territory", $"{name} : aucun pays ISO 3166-1 de ce nom")); return; }
            if (!Year(csv, "Edition", line, result.Rejected, out var year)) return;
            foreach (var (column, indicator, isText) in FreedomHouseColumns)
            {
                var text = Field(csv, column);
                if (text is null || text is "N/A" or "-") continue;
                if (isText)
                {
                    if (text is not ("F" or "PF" or "NF"))
                    {
                        result.Rejected.Add(new(line, column, $"statut « {text} » inconnu : F, PF ou NF"));
                        continue;
                    }
                    result.Rows.Add(new IndicatorRow(line, country, indicator, year, null, text, null));
                    continue;
                }
                if (!decimal.TryParse(text, NumberStyles.Integer | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                    || value < -10 || value > 100)
                {
                    result.Rejected.Add(new(line, column, $"« {text} » n'est pas une note Freedom House"));
                    continue;
                }
                result.Rows.Add(new IndicatorRow(line, country, indicator, year, value, null, null));
            }
        });
        return result;
    }

    public static EvidenceFile<IndicatorRow> ReadIndicators(byte[] bytes, string file, CountryNames countries)
    {
        var result = new EvidenceFile<IndicatorRow>();
        Read(bytes, file, ["country", "indicator", "year", "value"], result, header =>
            result.IgnoredColumns.AddRange(header.Where(h => h is not ("country" or "indicator" or "year" or "value" or "source_url"))),
        (csv, line) =>
        {
            if (!Country(csv, "country", line, countries, result.Rejected, out var country)) return;
            var indicator = Field(csv, "indicator");
            if (indicator is null || !IndicatorPattern().IsMatch(indicator))
            {
                result.Rejected.Add(new(line, "indicator", $"« {indicator} » n'est pas un identifiant d'indicateur (minuscules, chiffres, « . », « _ », « - », 64 caractères au plus)"));
                return;
            }
            if (!Year(csv, "year", line, result.Rejected, out var year)) return;
            var text = Field(csv, "value");
            if (text is null) { result.Rejected.Add(new(line, "value", "valeur vide")); return; }
            if (text.Length > 100) { result.Rejected.Add(new(line, "value", "valeur de plus de 100 caractères")); return; }
            var sourceUrl = Field(csv, "source_url");
            if (sourceUrl is not null && (!CatalogueSeeder.IsWebUrl(sourceUrl) || sourceUrl.Length > 1000))
            {
                result.Rejected.Add(new(line, "source_url", $"« {sourceUrl} » n'est pas une adresse http(s) absolue"));
                return;
            }
            var numeric = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && Math.Abs(value) < 100_000_000m;
            result.Rows.Add(new IndicatorRow(line, country, indicator, year, numeric ? Math.Round(value, 4) : null, numeric ? null : text, sourceUrl));
        });
        return result;
    }

    /// <summary>Reads alerts; a place goes through the resolver, a region to its GeoNames admin1 code.</summary>
    public static EvidenceFile<AlertRow> ReadAlerts(byte[] bytes, string file, PlaceResolver resolver)
    {
        var result = new EvidenceFile<AlertRow>();
        Read(bytes, file, AlertColumns.Where(c => c != "note").ToArray(), result, header =>
            result.IgnoredColumns.AddRange(header.Where(h => !AlertColumns.Contains(h))),
        (csv, line) =>
        {
            var input = new AlertInput
            {
                Level = Field(csv, "level"), Country = Field(csv, "country"), Place = Field(csv, "place"), Type = Field(csv, "type"),
                Title = Field(csv, "title"), AdoptedOn = Field(csv, "adopted_on"), RepealedOn = Field(csv, "repealed_on"),
                SourceName = Field(csv, "source_name"), SourceUrl = Field(csv, "source_url"), Note = Field(csv, "note"),
            };
            var checkedInput = input.Check(resolver);
            if (checkedInput.Errors.Count > 0)
            {
                result.Rejected.AddRange(checkedInput.Errors.Select(e => new EvidenceIssue(line, AlertInput.Column(e.Field), e.Message)));
                return;
            }
            var a = checkedInput.Alert!;
            result.Rows.Add(new AlertRow(line, a.Level, a.CountryCode, a.PlaceText, a.GeonameId, a.Admin1Code, a.Type, a.Title,
                a.AdoptedOn, a.RepealedOn, a.SourceName, a.SourceUrl, a.Note));
        });
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in result.Rows.ToList())
        {
            var key = AlertKey(row.Level, row.CountryCode, row.GeonameId, row.Admin1Code, row.Type, row.Title);
            if (seen.TryGetValue(key, out var first))
            {
                result.Rejected.Add(new(row.Line, "title", $"la même alerte (niveau, lieu, type et titre) figure déjà ligne {first}"));
                result.Rows.Remove(row);
            }
            else seen[key] = row.Line;
        }
        return result;
    }

    /// <summary>What identifies an alert across imports: its level, place or region, type and title.</summary>
    public static string AlertKey(AlertLevel level, string country, int? geonameId, string? admin1, string type, string title) =>
        string.Join('|', level, country, level switch
        {
            AlertLevel.Place => geonameId?.ToString(CultureInfo.InvariantCulture),
            AlertLevel.Admin1 => admin1,
            _ => "",
        }, type, title);

    /// <summary>Reads the territorial-status file; admin1 codes and GeoNames ids are checked against the reference data given.</summary>
    public static EvidenceFile<TerritoryRow> ReadTerritories(byte[] bytes, string file, CountryNames countries,
        Func<string, string, bool>? admin1Exists, Func<int, bool>? placeExists)
    {
        var result = new EvidenceFile<TerritoryRow>();
        Read(bytes, file, TerritoryColumns, result, header =>
            result.IgnoredColumns.AddRange(header.Where(h => !TerritoryColumns.Contains(h))),
        (csv, line) =>
        {
            var territory = Field(csv, "territory");
            if (territory is null || !CatalogueSeeder.IsValidCode(territory))
            {
                result.Rejected.Add(new(line, "territory", $"« {territory} » n'est pas une clé (minuscules ASCII, mots séparés par des tirets)"));
                return;
            }
            var name = Field(csv, "name");
            if (name is null) { result.Rejected.Add(new(line, "name", "nom vide")); return; }
            if (!Country(csv, "country", line, countries, result.Rejected, out var country)) return;
            var admin1 = Field(csv, "admin1");
            if (admin1 is not null && admin1Exists is not null && !admin1Exists(country, admin1))
            {
                result.Rejected.Add(new(line, "admin1", $"aucune région GeoNames {country}.{admin1}"));
                return;
            }
            int? geonameId = null;
            if (Field(csv, "geoname_id") is { } idText)
            {
                if (!int.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
                {
                    result.Rejected.Add(new(line, "geoname_id", $"« {idText} » n'est pas un identifiant GeoNames"));
                    return;
                }
                if (placeExists is not null && !placeExists(id))
                {
                    result.Rejected.Add(new(line, "geoname_id", $"aucun lieu GeoNames {id} dans les données de référence"));
                    return;
                }
                geonameId = id;
            }
            if ((admin1 is null) == (geonameId is null))
            {
                result.Rejected.Add(new(line, "admin1", "donnez soit une région (admin1), soit un lieu (geoname_id)"));
                return;
            }
            var status = Field(csv, "status");
            if (status is null || !TerritoryStatuses.Contains(status))
            {
                result.Rejected.Add(new(line, "status", $"statut « {status} » inconnu : {string.Join(", ", TerritoryStatuses)}"));
                return;
            }
            var sourceName = Field(csv, "source_name");
            if (sourceName is null) { result.Rejected.Add(new(line, "source_name", "source vide")); return; }
            var sourceUrl = Field(csv, "source_url");
            if (sourceUrl is null || !CatalogueSeeder.IsWebUrl(sourceUrl))
            {
                result.Rejected.Add(new(line, "source_url", $"« {sourceUrl} » n'est pas une adresse http(s) absolue"));
                return;
            }
            if (!PartialDate.TryParse(Field(csv, "source_date"), out var sourceDate, out var dateError))
            {
                result.Rejected.Add(new(line, "source_date", dateError!));
                return;
            }
            result.Rows.Add(new TerritoryRow(line, territory, name, country, admin1, geonameId, status, sourceName, sourceUrl, sourceDate));
        });
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in result.Rows.ToList())
        {
            var key = $"{row.Territory}|{row.CountryCode}|{row.Admin1Code}|{row.GeonameId}";
            if (seen.TryGetValue(key, out var first))
            {
                result.Rejected.Add(new(row.Line, row.Admin1Code is null ? "geoname_id" : "admin1", $"déjà donné ligne {first}"));
                result.Rows.Remove(row);
            }
            else seen[key] = row.Line;
        }
        return result;
    }

    private static void Read<T>(byte[] bytes, string file, IReadOnlyList<string> required, EvidenceFile<T> result,
        Action<string[]> header, Action<CsvReader, int> row)
    {
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { throw new InvalidDataException($"{file} : le fichier n'est pas en UTF-8."); }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        using var reader = new StringReader(text);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim, BadDataFound = null, MissingFieldFound = null, DetectColumnCountChanges = false,
        });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } headers)
            throw new InvalidDataException($"{file} : fichier vide.");
        var missing = required.Except(headers, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{file}, ligne 1 : colonne(s) manquante(s) : {string.Join(", ", missing)} (en-têtes lus : {string.Join(", ", headers)}).");
        header(headers);
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            if (csv.Parser.Record is { } record && record.All(string.IsNullOrWhiteSpace)) continue;
            result.LinesRead++;
            row(csv, line);
        }
    }

    private static string? Field(CsvReader csv, string column) =>
        csv.TryGetField<string>(column, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool Year(CsvReader csv, string column, int line, List<EvidenceIssue> rejected, out int year)
    {
        var text = Field(csv, column);
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 1800 and <= 2200) return true;
        rejected.Add(new(line, column, $"« {text} » n'est pas une année"));
        return false;
    }

    private static bool Country(CsvReader csv, string column, int line, CountryNames countries, List<EvidenceIssue> rejected, out string code)
    {
        code = "";
        var text = Field(csv, column);
        switch (countries.Find(text))
        {
            case null:
                rejected.Add(new(line, column, text is null ? "pays vide" : $"« {text} » : aucun pays ISO 3166-1 de ce code ou de ce nom"));
                return false;
            case { } scope when scope.Code.Contains('/'):
                rejected.Add(new(line, column, $"« {text} » désigne plusieurs pays ({scope.Code}) : donnez le code ISO"));
                return false;
            case { } scope:
                code = scope.Code;
                return true;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex IndicatorPattern();
}
