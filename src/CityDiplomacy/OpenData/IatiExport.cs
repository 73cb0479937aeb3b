using System.Globalization;
using System.Text;
using System.Xml;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.OpenData;

/// <summary>
/// IATI 2.03 activity file for the public decentralised-cooperation projects: one iati-activity per project,
/// children in the order of the 2.03 schema's sequence (iati-identifier, reporting-org, title, description,
/// participating-org, activity-status, activity-date, recipient-country, sector, budget). Budgets come from the
/// project's yearly budget lines; the register keeps no disbursements, so no transaction is written.
/// Only projects that can make a valid activity are published: a DAC sector code (IATI rule 6.2.2; none is invented)
/// and a reporting organisation identifier with an approved org-id.guide prefix (<see cref="ReportingOrgRef"/>).
/// A file without any activity fails the schema, so none is ever served: the route answers 404 instead.
/// </summary>
public static class IatiExport
{
    public const string Version = "2.03";

    public static void Register(OpenDataRegistry registry) => registry.Add(new(
        "cooperation-iati.xml", "application/xml; charset=utf-8", "IATI XML", "Projets de coopération décentralisée",
        "Norme IATI 2.03 (activités) : organisation déclarante, organisations participantes, secteur CAD (code CRS), budgets annuels.",
        [ExportScope.Commune, ExportScope.Country, ExportScope.Nation], WriteAsync, HasContentAsync));

    /// <summary>
    /// The commune's IATI organisation identifier: org-id.guide's <c>FR-RCS</c> list (the approved successor of the
    /// withdrawn <c>FR-INSEE</c>, both keyed by the SIRENE number) followed by the commune's SIREN; null without a
    /// SIREN, and then its projects are not published (reporting-org/@ref is required). The one place to change when
    /// communes can set their own identifier.
    /// </summary>
    public static string? ReportingOrgRef(ExportCommune commune) =>
        commune.Siren is { Length: 9 } siren && siren.All(char.IsAsciiDigit) ? $"{OrganisationPrefix}-{siren}" : null;

    /// <summary>The org-id.guide list of <see cref="ReportingOrgRef"/> (OrganisationRegistrationAgency code list).</summary>
    public const string OrganisationPrefix = "FR-RCS";

    /// <summary>The public projects that make an activity: a cooperation project with a DAC sector, of a commune with a SIREN.</summary>
    public static IQueryable<Engagement> Publishable(AppDb db, ExportRequest request) =>
        PublicRegister.Filter(db, request).Where(e => e.Kind == EngagementKind.CooperationProject
            && ((CooperationProject)e).DacSectorCode != null
            && db.Communes.Any(c => c.Code == e.CommuneCode && c.Siren != null && c.Siren.Length == 9));

    private static Task<bool> HasContentAsync(ExportContext context, CancellationToken cancellationToken) =>
        Publishable(context.Db, context.Request).AnyAsync(cancellationToken);

    /// <summary>« Commune d'Annecy », « Commune de Nantes », « Commune du Mans »: see <see cref="FrenchNames.Of"/>.</summary>
    public static string CommuneNarrative(string name) => "Commune " + FrenchNames.Of(name);

    private static async Task WriteAsync(ExportContext context, Stream output, CancellationToken cancellationToken)
    {
        await using var xml = XmlWriter.Create(output, new XmlWriterSettings
        {
            Async = true, Encoding = new UTF8Encoding(false), Indent = true, CloseOutput = false,
        });
        var now = context.Clock.GetUtcNow().UtcDateTime;
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "iati-activities", null);
        await xml.WriteAttributeStringAsync(null, "version", null, Version);
        await xml.WriteAttributeStringAsync(null, "generated-datetime", null, DateTimeText(now));
        var today = DateOnly.FromDateTime(now);
        var count = 0;
        await foreach (var e in PublicRegister.ReadAsync(context.Db, context.Request, cancellationToken))
        {
            if (e.Kind != EngagementKind.CooperationProject || e.DacSectorCode is null || ReportingOrgRef(e.Commune) is not { } orgRef) continue;
            await WriteActivityAsync(xml, e, orgRef, now, today);
            if (++count % 100 == 0) await xml.FlushAsync();
        }
        if (count == 0) throw new NothingToPublishException("Aucun projet de coopération publiable en IATI (secteur CAD et SIREN de la commune requis).");
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
    }

    private static async Task WriteActivityAsync(XmlWriter xml, OpenEngagement e, string orgRef, DateTime now, DateOnly today)
    {
        var commune = CommuneNarrative(e.Commune.Name);
        await xml.WriteStartElementAsync(null, "iati-activity", null);
        // Rule 11.1.1: never in the future (a clock set back, a row written by another server).
        var updated = Utc(e.UpdatedAt);
        await xml.WriteAttributeStringAsync(null, "last-updated-datetime", null, DateTimeText(updated > now ? now : updated));
        await xml.WriteAttributeStringAsync("xml", "lang", null, "fr");
        await xml.WriteAttributeStringAsync(null, "default-currency", null, "EUR");

        await xml.WriteElementStringAsync(null, "iati-identifier", null, $"{orgRef}-{e.Id:N}");

        await xml.WriteStartElementAsync(null, "reporting-org", null);
        await xml.WriteAttributeStringAsync(null, "ref", null, orgRef);
        await xml.WriteAttributeStringAsync(null, "type", null, "11"); // OrganisationType 11: local government
        await Narrative(xml, commune);
        await xml.WriteEndElementAsync();

        await xml.WriteStartElementAsync(null, "title", null);
        await Narrative(xml, e.Title);
        await xml.WriteEndElementAsync();

        await xml.WriteStartElementAsync(null, "description", null);
        await xml.WriteAttributeStringAsync(null, "type", null, "1"); // general
        await Narrative(xml, e.Description ?? e.Title);
        await xml.WriteEndElementAsync();
        if (e.Objectives is not null)
        {
            await xml.WriteStartElementAsync(null, "description", null);
            await xml.WriteAttributeStringAsync(null, "type", null, "2"); // objectives
            await Narrative(xml, e.Objectives);
            await xml.WriteEndElementAsync();
        }

        // Where the activity comes from (IATI description type 4, « other »): who says it exists.
        await xml.WriteStartElementAsync(null, "description", null);
        await xml.WriteAttributeStringAsync(null, "type", null, "4");
        await Narrative(xml, OpenEngagement.ProvenanceText(e));
        await xml.WriteEndElementAsync();

        // The commune funds and is accountable; each foreign local authority implements.
        await ParticipatingOrg(xml, "1", "11", orgRef, commune);
        await ParticipatingOrg(xml, "2", "11", orgRef, commune);
        foreach (var funder in e.BudgetLines.Select(l => l.Funder).Distinct().Where(f => f != "commune"))
        {
            var (type, name) = funder switch
            {
                "state" => ("10", "État français"),
                "afd" => ("10", "Agence française de développement"),
                "european-union" => ("40", "Union européenne"),
                _ => ((string?)null, "Autre financeur"),
            };
            await ParticipatingOrg(xml, "1", type, null, name);
        }
        foreach (var partner in e.Partners)
            await ParticipatingOrg(xml, "4", partner.Kind == "state" ? "10" : "11", null, $"{partner.Name} ({partner.CountryCode})");

        await xml.WriteStartElementAsync(null, "activity-status", null);
        await xml.WriteAttributeStringAsync(null, "code", null, ActivityStatus(e.Status));
        await xml.WriteEndElementAsync();

        foreach (var (type, on) in ActivityDates(e, today)) await ActivityDate(xml, type, on);

        var countries = e.Partners.Select(p => p.CountryCode).Where(c => c.Length == 2).Distinct().ToList();
        foreach (var country in countries)
        {
            await xml.WriteStartElementAsync(null, "recipient-country", null);
            await xml.WriteAttributeStringAsync(null, "code", null, country);
            if (countries.Count > 1)
                await xml.WriteAttributeStringAsync(null, "percentage", null, Percentages(countries.Count)[countries.IndexOf(country)]);
            await xml.WriteEndElementAsync();
        }

        await xml.WriteStartElementAsync(null, "sector", null);
        await xml.WriteAttributeStringAsync(null, "vocabulary", null, "1"); // OECD DAC CRS purpose codes (5 digit)
        await xml.WriteAttributeStringAsync(null, "code", null, e.DacSectorCode);
        await xml.WriteEndElementAsync();

        foreach (var year in e.BudgetLines.GroupBy(l => l.Year).OrderBy(g => g.Key))
        {
            await xml.WriteStartElementAsync(null, "budget", null);
            await xml.WriteAttributeStringAsync(null, "type", null, "1");   // original
            await xml.WriteAttributeStringAsync(null, "status", null, "1"); // indicative
            await DateElement(xml, "period-start", new DateOnly(year.Key, 1, 1));
            await DateElement(xml, "period-end", new DateOnly(year.Key, 12, 31));
            await xml.WriteStartElementAsync(null, "value", null);
            await xml.WriteAttributeStringAsync(null, "currency", null, "EUR");
            await xml.WriteAttributeStringAsync(null, "value-date", null, $"{year.Key:D4}-01-01");
            await xml.WriteStringAsync(year.Sum(l => l.AmountEuros).ToString("0.00", CultureInfo.InvariantCulture));
            await xml.WriteEndElementAsync();
            await xml.WriteEndElementAsync();
        }

        await xml.WriteEndElementAsync();
    }

    /// <summary>
    /// activity-date elements (ActivityDateType 1 planned start, 2 actual start, 3 planned end, 4 actual end). A start
    /// or end is « actual » only once it has happened (rules 11.1.4 and 11.1.5: never in the future) and the project
    /// got that far; otherwise it is planned. An end before the start is left out (rules 11.1.2 and 11.1.3). Without any
    /// date (6.11.1 asks for a start), the day the project entered the register stands as planned start.
    /// </summary>
    public static IReadOnlyList<(string Type, DateOnly On)> ActivityDates(OpenEngagement e, DateOnly today)
    {
        var dates = new List<(string, DateOnly)>();
        var start = e.StartedOn ?? e.ConventionSignedOn;
        var begun = e.Status != EngagementStatus.Proposed && e.Status != EngagementStatus.Reported;
        if (start is { } started) dates.Add((begun && started <= today ? "2" : "1", started));
        else dates.Add(("1", DateOnly.FromDateTime(Utc(e.UpdatedAt))));
        if (e.EndedOn is { } ended && ended >= dates[0].Item2)
            dates.Add((e.Status == EngagementStatus.Ended && ended <= today ? "4" : "3", ended));
        return dates;
    }

    /// <summary>IATI ActivityStatus: 1 pipeline, 2 implementation, 4 closed, 6 suspended.</summary>
    public static string ActivityStatus(EngagementStatus status) => status switch
    {
        EngagementStatus.Proposed or EngagementStatus.Reported => "1",
        EngagementStatus.Active or EngagementStatus.Dormant => "2",
        EngagementStatus.Suspended => "6",
        _ => "4",
    };

    /// <summary>Equal shares that add up to exactly 100 (two decimals).</summary>
    private static string[] Percentages(int count)
    {
        var share = Math.Floor(10000m / count) / 100m;
        var shares = Enumerable.Repeat(share, count).ToArray();
        shares[^1] = 100m - share * (count - 1);
        return shares.Select(s => s.ToString("0.##", CultureInfo.InvariantCulture)).ToArray();
    }

    private static async Task ParticipatingOrg(XmlWriter xml, string role, string? type, string? orgRef, string name)
    {
        await xml.WriteStartElementAsync(null, "participating-org", null);
        await xml.WriteAttributeStringAsync(null, "role", null, role);
        if (type is not null) await xml.WriteAttributeStringAsync(null, "type", null, type);
        if (orgRef is not null) await xml.WriteAttributeStringAsync(null, "ref", null, orgRef);
        await Narrative(xml, name);
        await xml.WriteEndElementAsync();
    }

    private static async Task ActivityDate(XmlWriter xml, string type, DateOnly date)
    {
        await xml.WriteStartElementAsync(null, "activity-date", null);
        await xml.WriteAttributeStringAsync(null, "type", null, type);
        await xml.WriteAttributeStringAsync(null, "iso-date", null, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await xml.WriteEndElementAsync();
    }

    private static async Task DateElement(XmlWriter xml, string name, DateOnly date)
    {
        await xml.WriteStartElementAsync(null, name, null);
        await xml.WriteAttributeStringAsync(null, "iso-date", null, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await xml.WriteEndElementAsync();
    }

    private static Task Narrative(XmlWriter xml, string text) => xml.WriteElementStringAsync(null, "narrative", null, text);

    /// <summary>An instant read back from the database is UTC whatever its Kind says (SQLite gives Unspecified).</summary>
    private static DateTime Utc(DateTime instant) =>
        instant.Kind == DateTimeKind.Local ? instant.ToUniversalTime() : DateTime.SpecifyKind(instant, DateTimeKind.Utc);

    private static string DateTimeText(DateTime instant) =>
        Utc(instant).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
