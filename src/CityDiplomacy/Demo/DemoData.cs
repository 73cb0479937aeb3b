using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Demo;

/// <summary>
/// The demo shown by « serve » on a database without any engagement: real, sourced facts (data/demo/demo.json,
/// shipped inside the executable) entered through the entities' own rules, audited as written by « demo ».
/// A demo engagement is recognisable by its description, which starts with <see cref="DescriptionPrefix"/>:
/// the label travels with the data into every page, API response and export, and an officer who rewrites the
/// description has made the engagement theirs.
/// </summary>
public static class DemoData
{
    public const string DescriptionPrefix = "Données de démonstration — ";

    /// <summary>The author of the demo's writes in the audit trail.</summary>
    public const string Actor = "demo";

    /// <summary>The setting that lets « serve » load the demo (on by default in appsettings.json, off with --no-demo).</summary>
    public const string EnabledSetting = "Demo:Enabled";

    public const string File = "demo.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Loads the demo in one audited save, unless the database already holds an engagement. Returns how many it added.</summary>
    public static async Task<int> LoadAsync(AppDb db, CancellationToken cancellationToken = default)
    {
        if (await db.Engagements.AnyAsync(cancellationToken)) return 0;
        var demo = Read(OpenShipped());
        var engagements = new List<Engagement>();
        foreach (var item in demo.Engagements)
            engagements.Add(await BuildAsync(db, item, cancellationToken));
        using (AuditActor.Use(Actor))
        {
            db.Engagements.AddRange(engagements);
            await db.SaveChangesAsync(cancellationToken);
        }
        return engagements.Count;
    }

    /// <summary>Engagements of the demo still carrying its label.</summary>
    public static IQueryable<Engagement> WhereDemo(this IQueryable<Engagement> engagements) =>
        engagements.Where(e => e.Description != null && e.Description.StartsWith(DescriptionPrefix));

    public static Stream OpenShipped() =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("demo/" + File)
        ?? throw new FileNotFoundException($"« {File} » absent de l'exécutable.", File);

    /// <summary>Reads and checks the demo file: every engagement labelled and sourced.</summary>
    public static DemoFile Read(Stream stream)
    {
        var demo = JsonSerializer.Deserialize<DemoFile>(stream, Json) ?? throw new InvalidDataException($"{File} est vide.");
        foreach (var item in demo.Engagements)
        {
            if (!item.Description.StartsWith(DescriptionPrefix, StringComparison.Ordinal))
                throw new InvalidDataException($"{File} : la description de « {item.Title} » doit commencer par « {DescriptionPrefix} ».");
            if (item.Documents.Count == 0 || item.Documents.Any(d => !CatalogueSeeder.IsWebUrl(d.Url)))
                throw new InvalidDataException($"{File} : « {item.Title} » doit citer sa source (un lien http(s)).");
        }
        return demo;
    }

    private static async Task<Engagement> BuildAsync(AppDb db, DemoEngagement item, CancellationToken cancellationToken)
    {
        Engagement engagement = EngagementKinds.FromSlug(item.Kind) switch
        {
            EngagementKind.Twinning => await TwinningAsync(db, item, cancellationToken),
            EngagementKind.HonoraryCitizenship => HonoraryCitizenship(item),
            EngagementKind.WorldDay => await WorldDayAsync(db, item, cancellationToken),
            _ => throw new InvalidDataException($"{File} : type d'engagement « {item.Kind} » non pris en charge par la démonstration."),
        };
        engagement.Describe(item.Title, item.Description, Visibility.Public, item.Themes, null, null);
        engagement.SetDates(item.StartedOn, null);
        engagement.ReplaceDocuments(item.Documents.Select(d => new DocumentLink(d.Title, d.Url)));
        engagement.ReplaceActivities(item.Activities.Select(a => new ActivityEntry(a.On, a.Kind, a.Description, a.Url)));
        engagement.SetNotes(item.Notes);
        engagement.Start(item.Status, item.StatusOn);
        if (item.Suspension is { } suspension) engagement.Suspend(suspension.Reason, suspension.On);
        return engagement;
    }

    private static async Task<Twinning> TwinningAsync(AppDb db, DemoEngagement item, CancellationToken cancellationToken)
    {
        var geonameId = item.PartnerGeonameId ?? throw new InvalidDataException($"{File} : le jumelage « {item.Title} » n'a pas de partenaire.");
        var place = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.GeonameId == geonameId, cancellationToken)
            ?? throw new InvalidDataException($"{File} : le lieu GeoNames {geonameId} de « {item.Title} » est absent des données de référence.");
        var twinning = new Twinning(item.Commune, item.Title);
        twinning.ReplacePartners([new EngagementPartner
        {
            Kind = PartnerKind.Place, GeonameId = place.GeonameId, Name = place.Name, CountryCode = place.CountryCode,
            Admin1Code = place.Admin1Code, Latitude = place.Latitude, Longitude = place.Longitude,
        }]);
        return twinning;
    }

    private static HonoraryCitizenship HonoraryCitizenship(DemoEngagement item)
    {
        var person = item.Person ?? throw new InvalidDataException($"{File} : « {item.Title} » ne nomme pas la personne honorée.");
        var citizenship = new HonoraryCitizenship(item.Commune, person.Name);
        citizenship.SetPerson(person.Name, person.Country, null, null, null, item.CampaignUrl);
        citizenship.ReplaceSituation(item.Situation.Select(s =>
        {
            var (on, dayUnknown) = ParseDay(s.On);
            return new SituationEvent(on, s.Situation, s.Summary, s.SourceUrl, dayUnknown);
        }));
        return citizenship;
    }

    private static async Task<WorldDayObservance> WorldDayAsync(AppDb db, DemoEngagement item, CancellationToken cancellationToken)
    {
        var code = item.WorldDay ?? throw new InvalidDataException($"{File} : « {item.Title} » ne dit pas quelle journée mondiale.");
        var year = item.Year ?? throw new InvalidDataException($"{File} : « {item.Title} » ne dit pas quelle année.");
        var day = await db.WorldDays.AsNoTracking().FirstOrDefaultAsync(w => w.Code == code, cancellationToken)
            ?? throw new InvalidDataException($"{File} : la journée mondiale « {code} » est absente du catalogue.");
        var observance = new WorldDayObservance(item.Commune, item.Title, day.Id, year);
        observance.SetObservance(day.Id, year, item.Actions);
        return observance;
    }

    /// <summary>« 2024-08-28 », or « 2024-05 » when the source gives only the month: its first day, marked as such.</summary>
    internal static (DateOnly On, bool DayUnknown) ParseDay(string value)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return (day, false);
        if (DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)) return (month, true);
        throw new InvalidDataException($"{File} : date « {value} » invalide (AAAA-MM-JJ, ou AAAA-MM quand le jour n'est pas connu).");
    }
}

public sealed class DemoFile
{
    public required string Label { get; init; }
    public required string About { get; init; }
    public required IReadOnlyList<DemoEngagement> Engagements { get; init; }
}

/// <summary>One engagement of the demo. A fact the sources do not give (a date, a deliberation) is simply absent.</summary>
public sealed class DemoEngagement
{
    /// <summary>twinning, honorary-citizenship or world-day.</summary>
    public required string Kind { get; init; }
    public required string Commune { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public IReadOnlyList<Theme> Themes { get; init; } = [];
    public DateOnly? StartedOn { get; init; }
    /// <summary>The status the engagement starts with, and the date it took effect when the sources give it.</summary>
    public required EngagementStatus Status { get; init; }
    public DateOnly? StatusOn { get; init; }
    public DemoSuspension? Suspension { get; init; }
    public string? Notes { get; init; }
    public required IReadOnlyList<DemoDocument> Documents { get; init; }
    public IReadOnlyList<DemoActivity> Activities { get; init; } = [];
    public int? PartnerGeonameId { get; init; }
    public DemoPerson? Person { get; init; }
    public string? CampaignUrl { get; init; }
    public IReadOnlyList<DemoSituation> Situation { get; init; } = [];
    /// <summary>Code of the world day in the catalogue.</summary>
    public string? WorldDay { get; init; }
    public int? Year { get; init; }
    public string? Actions { get; init; }
}

public sealed record DemoDocument(string Title, string Url);

public sealed record DemoSuspension(DateOnly On, string Reason);

public sealed record DemoPerson(string Name, string Country);

/// <summary>A dated fact about the honoured person; <see cref="On"/> is « AAAA-MM-JJ », or « AAAA-MM » when the source gives only the month.</summary>
public sealed record DemoSituation(string On, DefenderSituation Situation, string Summary, string SourceUrl);

public sealed record DemoActivity(DateOnly On, string Kind, string Description, string? Url);
