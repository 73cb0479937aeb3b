using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Engagements;

/// <summary>
/// Seeds the catalogues of city networks and world days from the files shipped in the executable
/// (data/catalogues: verified facts, each row with its source). Run at every start, after the migrations:
/// adds the entries whose code is missing and brings the others in line with the shipped file, except the ones an
/// administrator has edited (the audit trail says so). Never deletes: administrators add their own entries.
/// </summary>
public static partial class CatalogueSeeder
{
    public const string NetworksFile = "city-networks.csv";
    public const string WorldDaysFile = "world-days.csv";

    /// <summary>The author of the seeder's writes in the audit trail.</summary>
    public const string Actor = "system";

    public sealed record NetworkRow(string Code, string NameFr, string NameEn, string? Scope, string? Url, string SourceUrl);

    public sealed record WorldDayRow(string Code, int Month, int Day, string NameFr, string NameEn, string SourceUrl);

    public sealed record Result(int Added, int Updated);

    public static async Task<Result> SeedAsync(AppDb db, CancellationToken cancellationToken = default)
    {
        var networks = ReadNetworks(OpenShipped(NetworksFile), NetworksFile);
        var worldDays = ReadWorldDays(OpenShipped(WorldDaysFile), WorldDaysFile);

        var edited = await db.AuditEntries.AsNoTracking()
            .Where(a => (a.EntityType == nameof(CityNetwork) || a.EntityType == nameof(WorldDay)) && a.Actor != Actor)
            .Select(a => new { a.EntityType, a.EntityId })
            .Distinct()
            .ToListAsync(cancellationToken);
        bool EditedByPeople(string type, int id) => edited.Any(e => e.EntityType == type && e.EntityId == id.ToString(CultureInfo.InvariantCulture));

        var existingNetworks = await db.CityNetworks.ToDictionaryAsync(n => n.Code, cancellationToken);
        foreach (var row in networks)
        {
            if (!existingNetworks.TryGetValue(row.Code, out var network))
            {
                db.CityNetworks.Add(new CityNetwork
                {
                    Code = row.Code, NameFr = row.NameFr, NameEn = row.NameEn, Scope = row.Scope, Url = row.Url, SourceUrl = row.SourceUrl,
                });
                continue;
            }
            if (EditedByPeople(nameof(CityNetwork), network.Id)) continue;
            network.NameFr = row.NameFr;
            network.NameEn = row.NameEn;
            network.Scope = row.Scope;
            network.Url = row.Url;
            network.SourceUrl = row.SourceUrl;
        }

        var existingDays = await db.WorldDays.ToDictionaryAsync(w => w.Code, cancellationToken);
        foreach (var row in worldDays)
        {
            if (!existingDays.TryGetValue(row.Code, out var day))
            {
                db.WorldDays.Add(new WorldDay
                {
                    Code = row.Code, Month = row.Month, Day = row.Day, NameFr = row.NameFr, NameEn = row.NameEn, SourceUrl = row.SourceUrl,
                });
                continue;
            }
            if (EditedByPeople(nameof(WorldDay), day.Id)) continue;
            day.Month = row.Month;
            day.Day = row.Day;
            day.NameFr = row.NameFr;
            day.NameEn = row.NameEn;
            day.SourceUrl = row.SourceUrl;
        }

        // Assigning an unchanged value leaves the entry unmodified: a second run writes nothing, not even an audit entry.
        db.ChangeTracker.DetectChanges();
        var changes = db.ChangeTracker.Entries()
            .Where(e => e.Entity is CityNetwork or WorldDay && e.State is EntityState.Added or EntityState.Modified)
            .Select(e => e.State)
            .ToList();
        if (changes.Count == 0) return new Result(0, 0);
        using (AuditActor.Use(Actor))
            await db.SaveChangesAsync(cancellationToken);
        return new Result(changes.Count(s => s == EntityState.Added), changes.Count(s => s == EntityState.Modified));
    }

    /// <summary>A catalogue file shipped inside the executable (data/catalogues at build time).</summary>
    public static Stream OpenShipped(string file) =>
        Assembly.GetExecutingAssembly().GetManifestResourceStream("catalogues/" + file)
        ?? throw new FileNotFoundException($"Catalogue « {file} » absent de l'exécutable.", file);

    public static IReadOnlyList<NetworkRow> ReadNetworks(Stream stream, string file) =>
        Read(stream, file, ["code", "name_fr", "name_en", "scope", "url", "source_url"], (csv, line) => new NetworkRow(
            Code(csv, file, line),
            Required(csv, "name_fr", file, line),
            Required(csv, "name_en", file, line),
            Optional(csv, "scope"),
            Url(csv, "url", file, line, required: false),
            Url(csv, "source_url", file, line, required: true)!));

    public static IReadOnlyList<WorldDayRow> ReadWorldDays(Stream stream, string file) =>
        Read(stream, file, ["code", "month_day", "name_fr", "name_en", "source_url"], (csv, line) =>
        {
            var monthDay = Required(csv, "month_day", file, line);
            // 2024 is a leap year: 02-29 is a valid world day, 02-30 is not.
            if (!DateOnly.TryParseExact("2024-" + monthDay, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                throw new InvalidDataException($"{file}, ligne {line} : month_day « {monthDay} » n'est pas un jour MM-JJ.");
            return new WorldDayRow(Code(csv, file, line), date.Month, date.Day,
                Required(csv, "name_fr", file, line), Required(csv, "name_en", file, line),
                Url(csv, "source_url", file, line, required: true)!);
        });

    private static List<T> Read<T>(Stream stream, string file, string[] columns, Func<CsvReader, int, T> row)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim });
        if (!csv.Read() || !csv.ReadHeader())
            throw new InvalidDataException($"{file} : fichier vide.");
        var missing = columns.Except(csv.HeaderRecord ?? [], StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{file} : colonne(s) manquante(s) : {string.Join(", ", missing)}.");

        var rows = new List<T>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var value = row(csv, line);
            var code = csv.GetField("code")!;
            if (!codes.Add(code)) throw new InvalidDataException($"{file}, ligne {line} : le code « {code} » figure deux fois.");
            rows.Add(value);
        }
        return rows;
    }

    /// <summary>A catalogue code: lower-case ASCII words joined by hyphens, e.g. « maires-pour-la-paix ».</summary>
    public static bool IsValidCode(string? code) => code is { Length: > 0 and <= 64 } && CodePattern().IsMatch(code);

    private static string Code(CsvReader csv, string file, int line)
    {
        var code = Required(csv, "code", file, line);
        return IsValidCode(code) ? code
            : throw new InvalidDataException($"{file}, ligne {line} : le code « {code} » doit être en minuscules ASCII, mots séparés par des tirets.");
    }

    private static string Required(CsvReader csv, string column, string file, int line) =>
        Optional(csv, column) ?? throw new InvalidDataException($"{file}, ligne {line} : {column} est vide.");

    private static string? Optional(CsvReader csv, string column) =>
        csv.GetField(column) is { Length: > 0 } value ? value : null;

    private static string? Url(CsvReader csv, string column, string file, int line, bool required)
    {
        var value = required ? Required(csv, column, file, line) : Optional(csv, column);
        if (value is not null && !IsWebUrl(value))
            throw new InvalidDataException($"{file}, ligne {line} : {column} « {value} » n'est pas une adresse http(s) absolue.");
        return value;
    }

    public static bool IsWebUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex CodePattern();
}
