using System.Text.RegularExpressions;
using CityDiplomacy.Engagements;
using CityDiplomacy.Places;

namespace CityDiplomacy.Evidence;

/// <summary>
/// An alert as typed in the form or read from a file row: checked here (level, country, place through the resolver,
/// partial dates, source) for both. Field names are the form's; <see cref="Column"/> gives the file's.
/// </summary>
public sealed partial class AlertInput
{
    public string? Level { get; set; }
    public string? Country { get; set; }
    public string? Place { get; set; }
    /// <summary>A candidate the user picked among those the resolver offered (place level).</summary>
    public int? GeonameId { get; set; }
    /// <summary>A region the user picked among those the resolver offered (admin1 level).</summary>
    public string? Admin1Code { get; set; }
    public string? Type { get; set; }
    public string? Title { get; set; }
    public string? AdoptedOn { get; set; }
    public string? RepealedOn { get; set; }
    public string? SourceName { get; set; }
    public string? SourceUrl { get; set; }
    public string? Note { get; set; }

    public sealed record Error(string Field, string Message);

    /// <summary>The checked values (null when there are errors), the errors, and the candidates to pick from when the place was not resolved.</summary>
    public sealed record Result(CheckedAlert? Alert, IReadOnlyList<Error> Errors, IReadOnlyList<PlaceCandidate> Candidates);

    public sealed record CheckedAlert(AlertLevel Level, string CountryCode, string? PlaceText, int? GeonameId, string? Admin1Code,
        string Type, string Title, string? AdoptedOn, string? RepealedOn, string SourceName, string SourceUrl, string? Note);

    /// <summary>The localizer key of a level's label (« level-place »…).</summary>
    public static string LevelKey(AlertLevel level) => "level-" + level.ToString().ToLowerInvariant();

    public static string Column(string field) => field switch
    {
        "adoptedOn" => "adopted_on",
        "repealedOn" => "repealed_on",
        "sourceName" => "source_name",
        "sourceUrl" => "source_url",
        "geonameId" or "admin1Code" => "place",
        _ => field,
    };

    public static AlertInput For(LocalAlert alert) => new()
    {
        Level = alert.Level.ToString().ToLowerInvariant(), Country = alert.CountryCode, Place = alert.PlaceText,
        GeonameId = alert.GeonameId, Admin1Code = alert.Admin1Code, Type = alert.Type, Title = alert.Title,
        AdoptedOn = alert.AdoptedOn, RepealedOn = alert.RepealedOn, SourceName = alert.SourceName, SourceUrl = alert.SourceUrl,
        Note = alert.Note,
    };

    public Result Check(PlaceResolver resolver)
    {
        var errors = new List<Error>();
        IReadOnlyList<PlaceCandidate> candidates = [];
        AlertLevel? level = Level?.Trim().ToLowerInvariant() switch
        {
            "place" => AlertLevel.Place,
            "admin1" => AlertLevel.Admin1,
            "country" => AlertLevel.Country,
            _ => null,
        };
        if (level is null) errors.Add(new("level", $"niveau « {Level} » inconnu : place, admin1 ou country"));

        string? country = null;
        switch (resolver.Countries.Find(Country))
        {
            case null:
                errors.Add(new("country", string.IsNullOrWhiteSpace(Country) ? "le pays est obligatoire"
                    : $"« {Country} » : aucun pays ISO 3166-1 de ce code ou de ce nom"));
                break;
            case { } scope when scope.Code.Contains('/'):
                errors.Add(new("country", $"« {Country} » désigne plusieurs pays ({scope.Code}) : donnez le code ISO"));
                break;
            case { } scope:
                country = scope.Code;
                break;
        }

        var place = Trim(Place);
        int? geonameId = null;
        string? admin1 = null;
        if (level is AlertLevel.Place or AlertLevel.Admin1 && place is null)
            errors.Add(new("place", level == AlertLevel.Place ? "le lieu est obligatoire pour une alerte de niveau place"
                : "la région est obligatoire pour une alerte de niveau admin1"));
        else if (place is { Length: > PlaceResolver.MaxQueryLength })
            errors.Add(new("place", $"{PlaceResolver.MaxQueryLength} caractères au plus"));
        else if (level is AlertLevel.Place or AlertLevel.Admin1 && country is not null)
        {
            var wanted = level == AlertLevel.Place ? PlaceCandidate.PlaceKind : PlaceCandidate.RegionKind;
            var resolution = resolver.Resolve(place!, country, limit: 10);
            var ofKind = resolution.Candidates.Where(c => c.Kind == wanted && c.CountryCode == country).ToList();
            PlaceCandidate? chosen = null;
            if (level == AlertLevel.Place && GeonameId is { } picked)
                chosen = ofKind.FirstOrDefault(c => c.GeonameId == picked);
            else if (level == AlertLevel.Admin1 && Trim(Admin1Code) is { } pickedRegion)
                chosen = ofKind.FirstOrDefault(c => c.Admin1Code == pickedRegion);
            else if (resolution.Resolved && resolution.Best!.Kind == wanted && resolution.Best.CountryCode == country)
                chosen = resolution.Best;
            else if (level == AlertLevel.Admin1 && ofKind.Count(c => c.Score >= PlaceResolver.Threshold) == 1)
                // « Świętokrzyskie » is also a name of places: the region is what an admin1 alert means.
                chosen = ofKind.First(c => c.Score >= PlaceResolver.Threshold);

            if (chosen is null)
            {
                candidates = ofKind;
                errors.Add(new("place", ofKind.Count == 0
                    ? $"« {place} » : aucun{(level == AlertLevel.Place ? " lieu" : "e région")} de ce nom en {country}"
                    : $"« {place} » n'est pas résolu avec certitude : choisissez parmi {string.Join(", ", ofKind.Take(5).Select(Describe))}"));
            }
            else
            {
                geonameId = chosen.GeonameId;
                admin1 = chosen.Admin1Code;
            }
        }

        var type = Trim(Type)?.ToLowerInvariant();
        if (type is null || type.Length > 64 || !TypePattern().IsMatch(type))
            errors.Add(new("type", type is null ? "le type est obligatoire (par ex. anti-lgbti-resolution, violation, sanctions)"
                : $"type « {type} » : minuscules ASCII, mots séparés par des tirets"));
        var title = Trim(Title);
        if (title is null) errors.Add(new("title", "le titre est obligatoire"));
        else if (title.Length > 500) errors.Add(new("title", "500 caractères au plus"));

        if (!PartialDate.TryParse(AdoptedOn, out var adopted, out var adoptedError)) errors.Add(new("adoptedOn", adoptedError!));
        if (!PartialDate.TryParse(RepealedOn, out var repealed, out var repealedError)) errors.Add(new("repealedOn", repealedError!));
        if (adopted is not null && repealed is not null && PartialDate.IsBefore(repealed, adopted))
            errors.Add(new("repealedOn", $"l'abrogation ({repealed}) précède l'adoption ({adopted})"));

        var sourceName = Trim(SourceName);
        if (sourceName is null) errors.Add(new("sourceName", "la source est obligatoire"));
        else if (sourceName.Length > 200) errors.Add(new("sourceName", "200 caractères au plus"));
        var sourceUrl = Trim(SourceUrl);
        if (sourceUrl is null) errors.Add(new("sourceUrl", "l'adresse de la source est obligatoire"));
        else if (!CatalogueSeeder.IsWebUrl(sourceUrl) || sourceUrl.Length > 1000)
            errors.Add(new("sourceUrl", $"« {sourceUrl} » n'est pas une adresse http(s) absolue"));
        var note = Trim(Note);
        if (note is { Length: > 4000 }) errors.Add(new("note", "4 000 caractères au plus"));

        if (errors.Count > 0) return new Result(null, errors, candidates);
        return new Result(new CheckedAlert(level!.Value, country!, place, geonameId, admin1,
            type!, title!, adopted, repealed, sourceName!, sourceUrl!, note), [], []);
    }

    public void ApplyTo(LocalAlert alert, CheckedAlert values, DateTime now)
    {
        alert.Level = values.Level;
        alert.CountryCode = values.CountryCode;
        alert.PlaceText = values.PlaceText;
        alert.GeonameId = values.GeonameId;
        alert.Admin1Code = values.Admin1Code;
        alert.Type = values.Type;
        alert.Title = values.Title;
        alert.AdoptedOn = values.AdoptedOn;
        alert.RepealedOn = values.RepealedOn;
        alert.SourceName = values.SourceName;
        alert.SourceUrl = values.SourceUrl;
        alert.Note = values.Note;
        alert.UpdatedAt = now;
    }

    public static string Describe(PlaceCandidate c) =>
        c.Kind == PlaceCandidate.RegionKind
            ? $"{c.Name} (région {c.CountryCode}.{c.Admin1Code})"
            : $"{c.Name} ({c.CountryCode}{(c.Admin1Name is null ? "" : ", " + c.Admin1Name)}, GeoNames {c.GeonameId})";

    private static string? Trim(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex TypePattern();
}
