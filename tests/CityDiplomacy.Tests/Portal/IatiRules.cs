using System.Globalization;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests.Portal;

/// <summary>
/// The official IATI checks, read from the copies in Fixtures/standards: the 2.03 activity schema (XmlSchemaSet) and,
/// from rulesets/standard.json, the rules that apply to the elements the export writes. Each rule below names its id
/// in that file; <see cref="RuleIds"/> lists them so a test can prove each one is still in the official file.
/// </summary>
internal static class IatiRules
{
    public static readonly string Standards = Path.Combine(Repository.Root, "tests", "CityDiplomacy.Tests", "Fixtures", "standards");

    public static readonly string[] RuleIds =
    [
        "1.1.3", "1.1.21", "1.14.8", "1.3.1", "1.14.1", "1.8.1", "1.3.13", "1.14.13", "1.8.13", "4.1.1", "4.3.1", "4.4.1",
        "6.2.2", "6.10.1", "6.11.1", "7.8.1", "11.1.1", "11.1.2", "11.1.3", "11.1.4", "11.1.5", "2.1.4", "3.1.1", "3.1.2",
        "3.1.4", "12.1.1", "8.6.3", "7.5.3",
    ];

    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        set.Add(null, Path.Combine(Standards, "iati", "iati-activities-schema.xsd"));
        set.Compile();
        return set;
    });

    /// <summary>The approved org-id.guide prefixes: confirmed and not deprecated.</summary>
    public static readonly Lazy<HashSet<string>> ApprovedPrefixes = new(() =>
    {
        using var lists = JsonDocument.Parse(File.ReadAllText(Path.Combine(Standards, "iati", "org-id", "org-id-lists.json")));
        return lists.RootElement.EnumerateArray()
            .Where(l => l.TryGetProperty("confirmed", out var c) && c.ValueKind == JsonValueKind.True
                        && !(l.TryGetProperty("deprecated", out var d) && d.ValueKind == JsonValueKind.True))
            .Select(l => l.GetProperty("code").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
    });

    private static readonly Lazy<HashSet<string>> Sectors = new(() => Codes("Sector"));
    private static readonly Lazy<HashSet<string>> DateTypes = new(() => Codes("ActivityDateType"));

    private static HashSet<string> Codes(string list) =>
        XDocument.Load(Path.Combine(Standards, "iati", "codelists", list + ".xml")).Descendants("codelist-item")
            .Select(i => i.Element("code")!.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>XSD errors, with their line and position.</summary>
    public static List<string> SchemaErrors(string xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas.Value };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} l.{e.Exception?.LineNumber}:{e.Exception?.LinePosition} {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read()) { }
        return errors;
    }

    /// <summary>Rule violations: « rule-id iati-identifier: what ».</summary>
    public static List<string> RuleErrors(XDocument document, DateTime nowUtc)
    {
        var errors = new List<string>();
        var today = DateOnly.FromDateTime(nowUtc);
        foreach (var activity in document.Root!.Elements("iati-activity"))
        {
            var id = activity.Element("iati-identifier")?.Value ?? "";
            void Fail(string rule, string what) => errors.Add($"{rule} {id}: {what}");
            var reportingRef = activity.Element("reporting-org")?.Attribute("ref")?.Value ?? "";

            if (id == reportingRef) Fail("1.1.3", "identifier equals the reporting-org ref");
            if (!id.StartsWith(reportingRef + "-", StringComparison.Ordinal)) Fail("1.1.21", "identifier does not start with the reporting-org ref");
            if (!ApprovedPrefixes.Value.Any(p => reportingRef.StartsWith(p + "-", StringComparison.Ordinal)))
                Fail("1.14.8", $"reporting-org ref « {reportingRef} » has no approved org-id.guide prefix");
            foreach (var (rule, regexRule, value) in new[] { ("1.3.1", "1.3.13", id), ("1.14.1", "1.14.13", reportingRef) }
                         .Concat(activity.Elements("participating-org").Select(p => ("1.8.1", "1.8.13", p.Attribute("ref")?.Value ?? "x"))))
            {
                if (value.Any(char.IsWhiteSpace)) Fail(rule, $"« {value} » has a space");
                if (value.IndexOfAny(['/', '&', '|', '?']) >= 0) Fail(regexRule, $"« {value} » has / & | or ?");
            }

            if (activity.Attribute(XNamespace.Xml + "lang") is null
                && activity.Descendants("narrative").Any(n => n.Attribute(XNamespace.Xml + "lang") is null))
                Fail("4.1.1", "no default language and a narrative without one");
            foreach (var (element, rule) in new[] { ("title", "4.3.1"), ("description", "4.4.1") })
                foreach (var e in activity.Elements(element))
                    if (!e.Elements("narrative").Any(n => n.Value.Trim().Length > 0)) Fail(rule, $"{element} without narrative text");
            foreach (var p in activity.Elements("participating-org"))
                if (p.Attribute("ref") is null && !p.Elements("narrative").Any()) Fail("6.10.1", "participating-org without ref or narrative");

            if (!activity.Elements("sector").Any() && !activity.Elements("transaction").Elements("sector").Any()) Fail("6.2.2", "no sector");
            foreach (var sector in activity.Elements("sector").Where(s => (s.Attribute("vocabulary")?.Value ?? "1") == "1"))
                if (!Sectors.Value.Contains(sector.Attribute("code")?.Value ?? "")) Fail("codelist", $"sector {sector.Attribute("code")?.Value} not in Sector.xml");
            var dacSectors = activity.Elements("sector").Where(s => (s.Attribute("vocabulary")?.Value ?? "1") is "1" or "").ToList();
            if (dacSectors.Count == 1 && dacSectors[0].Attribute("percentage") is { } only && Number(only.Value) != 100)
                Fail("2.1.4", "a single sector's percentage is not 100");

            var dates = activity.Elements("activity-date")
                .Select(d => (Type: d.Attribute("type")?.Value, On: DateOnly.ParseExact(d.Attribute("iso-date")!.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture)))
                .ToList();
            foreach (var (type, _) in dates)
                if (!DateTypes.Value.Contains(type ?? "")) Fail("codelist", $"activity-date type {type} not in ActivityDateType.xml");
            DateOnly? Date(string type) => dates.Where(d => d.Type == type).Select(d => (DateOnly?)d.On).FirstOrDefault();
            if (Date("1") is null && Date("2") is null) Fail("6.11.1", "no planned or actual start date");
            if (Date("1") is { } plannedStart && Date("3") is { } plannedEnd && plannedStart > plannedEnd) Fail("11.1.2", "planned start after planned end");
            if (Date("2") is { } actualStart && Date("4") is { } actualEnd && actualStart > actualEnd) Fail("11.1.3", "actual start after actual end");
            if (Date("2") is { } started && started > today) Fail("11.1.4", $"actual start {started:yyyy-MM-dd} is in the future");
            if (Date("4") is { } ended && ended > today) Fail("11.1.5", $"actual end {ended:yyyy-MM-dd} is in the future");

            var updated = activity.Attribute("last-updated-datetime")?.Value;
            if (updated is not null && DateTime.Parse(updated, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal) > nowUtc)
                Fail("11.1.1", $"last-updated-datetime {updated} is in the future");

            if (activity.Attribute("default-currency") is null && activity.Descendants("value").Any(v => v.Attribute("currency") is null))
                Fail("7.8.1", "no default currency and a value without one");

            var countries = activity.Elements("recipient-country").ToList();
            if (!activity.Elements("recipient-region").Any())
            {
                if (countries.Count > 1 && countries.Any(c => c.Attribute("percentage") is null)) Fail("3.1.1", "several countries, a percentage missing");
                if (countries.Count > 1 && countries.Sum(c => Number(c.Attribute("percentage")?.Value ?? "0")) != 100) Fail("3.1.2", "country percentages do not add up to 100");
                if (countries.Count == 1 && countries[0].Attribute("percentage") is { } p && Number(p.Value) != 100) Fail("3.1.4", "a single country's percentage is not 100");
            }
            foreach (var c in countries)
                if (c.Attribute("percentage") is { } p && Number(p.Value) is < 0 or > 100) Fail("12.1.1", "percentage outside 0–100");

            foreach (var budget in activity.Elements("budget"))
            {
                var start = DateOnly.Parse(budget.Element("period-start")!.Attribute("iso-date")!.Value, CultureInfo.InvariantCulture);
                var end = DateOnly.Parse(budget.Element("period-end")!.Attribute("iso-date")!.Value, CultureInfo.InvariantCulture);
                if (start > end) Fail("8.6.3", "budget period starts after it ends");
                if (end > start.AddYears(1)) Fail("7.5.3", "budget period longer than a year");
            }
        }
        return errors;
    }

    private static decimal Number(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
