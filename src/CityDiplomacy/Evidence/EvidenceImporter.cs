using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Places;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Evidence;

/// <summary>Who imports and under which source; unset names, addresses and licences take the kind's defaults.</summary>
public sealed record EvidenceImportOptions(string ImportedBy, string? SourceName = null, string? SourceUrl = null, string? Licence = null);

/// <summary>What an import did: rows read, inserted, updated, unchanged, removed, refused and set aside.</summary>
public sealed class EvidenceReport
{
    public required EvidenceKind Kind { get; init; }
    public required string FileName { get; init; }
    public required string Sha256 { get; init; }
    public required string SourceName { get; init; }
    public string? SourceUrl { get; init; }
    public string? Licence { get; init; }
    /// <summary>Data lines of the file (blank lines aside).</summary>
    public int Lines { get; set; }
    /// <summary>Values (indicators) or rows (alerts, territories) read from the accepted lines.</summary>
    public int Rows { get; set; }
    public int Inserted { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    /// <summary>Territories only: rows of earlier versions of the file that the new one no longer has.</summary>
    public int Removed { get; set; }
    public IReadOnlyList<EvidenceIssue> Rejected { get; set; } = [];
    public IReadOnlyList<EvidenceIssue> Skipped { get; set; } = [];
    public IReadOnlyList<string> IgnoredColumns { get; set; } = [];
    /// <summary>True when something was written; false when rows were refused (nothing written) or nothing changed.</summary>
    public bool Written { get; set; }
    public Guid? ImportId { get; set; }

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
}

/// <summary>
/// Imports an evidence file of a kind, for the « evidence import » verb and the workspace upload page. One
/// transaction: a refused row (named by file, line and field) writes nothing; the same file twice changes nothing;
/// a newer file updates the rows in place (a country indicator is keyed by country, indicator and year; an alert by
/// level, place or region, type and title; a territory row by territory and admin1 region or place). Every row
/// points to its <see cref="EvidenceImport"/> (source, licence, SHA-256 of the file). Indicator rows are written by
/// batched SQL (a V-Dem file holds some 50 000 values) and audited by one entry for the import; alerts and
/// territories go through EF and are audited row by row.
/// </summary>
public sealed class EvidenceImporter(AppDb db, TimeProvider time)
{
    public const int MaxFileBytes = 20 * 1024 * 1024;
    private const int InsertBatch = 400;

    public static (string Name, string? Url, string? Licence) Defaults(EvidenceKind kind) => kind switch
    {
        EvidenceKind.VDem => ("V-Dem (Varieties of Democracy)", "https://v-dem.net",
            "CC BY-SA 4.0 — Coppedge, Michael, et al. « V-Dem Dataset v14 », Varieties of Democracy (V-Dem) Project, 2024"),
        EvidenceKind.FreedomHouse => ("Freedom House, Freedom in the World", "https://freedomhouse.org",
            "© Freedom House — importé par l'utilisateur, jamais redistribué"),
        EvidenceKind.Indicators => ("Indicateurs importés", null, null),
        EvidenceKind.Alerts => ("Alertes importées", null, null),
        EvidenceKind.Territories => ("Statuts territoriaux (fichier maintenu de CityDiplomacy)", null,
            "Licence ouverte Etalab 2.0 — sources : résolutions de l'ONU et positions de la France"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static EvidenceKind? ParseKind(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "vdem" or "v-dem" => EvidenceKind.VDem,
        "freedomhouse" or "freedom-house" or "fh" => EvidenceKind.FreedomHouse,
        "indicators" => EvidenceKind.Indicators,
        "alerts" => EvidenceKind.Alerts,
        "territories" => EvidenceKind.Territories,
        _ => null,
    };

    /// <summary>The localizer key of a kind's label (« kind-vdem »…).</summary>
    public static string LabelKey(EvidenceKind kind) => "kind-" + KindName(kind);

    public static string KindName(EvidenceKind kind) => kind switch
    {
        EvidenceKind.VDem => "vdem",
        EvidenceKind.FreedomHouse => "freedomhouse",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <param name="resolver">Needed for alerts only.</param>
    public async Task<EvidenceReport> ImportAsync(EvidenceKind kind, byte[] bytes, string fileName, EvidenceImportOptions options,
        Func<PlaceResolver>? resolver = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        fileName = Path.GetFileName(fileName);
        if (fileName.Length > 260) fileName = fileName[^260..];
        if (bytes.Length > MaxFileBytes)
            throw new InvalidDataException($"{fileName} : fichier de plus de {MaxFileBytes / 1024 / 1024} Mo.");
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var defaults = Defaults(kind);
        var report = new EvidenceReport
        {
            Kind = kind, FileName = fileName, Sha256 = sha,
            SourceName = Clip(options.SourceName, 200) ?? defaults.Name,
            SourceUrl = Clip(options.SourceUrl, 1000) ?? defaults.Url,
            Licence = Clip(options.Licence, 200) ?? defaults.Licence,
        };
        if (report.SourceUrl is { } url && !Engagements.CatalogueSeeder.IsWebUrl(url))
            throw new InvalidDataException($"--source-url « {url} » n'est pas une adresse http(s) absolue.");

        progress?.Report($"Lecture de {fileName}…");
        var countries = new CountryNames(await db.Countries.AsNoTracking().ToListAsync(cancellationToken));
        if (countries.Find("FR") is null)
            throw new InvalidOperationException("Les données de référence (pays) ne sont pas chargées : lancez « reference load ».");

        switch (kind)
        {
            case EvidenceKind.VDem or EvidenceKind.FreedomHouse or EvidenceKind.Indicators:
            {
                var file = kind switch
                {
                    EvidenceKind.VDem => EvidenceFiles.ReadVDem(bytes, fileName, countries),
                    EvidenceKind.FreedomHouse => EvidenceFiles.ReadFreedomHouse(bytes, fileName, countries),
                    _ => EvidenceFiles.ReadIndicators(bytes, fileName, countries),
                };
                Describe(report, file);
                Duplicates(file, r => $"{r.CountryCode}|{r.Indicator}|{r.Year}", r => r.Line,
                    r => $"{r.Indicator} {r.CountryCode} {r.Year}", kind == EvidenceKind.Indicators ? "indicator" : "country");
                report.Rejected = file.Rejected.OrderBy(r => r.Line).ToList();
                report.Rows = file.Rows.Count;
                if (file.Rejected.Count > 0) return report;
                await WriteIndicatorsAsync(report, file.Rows, options, progress, cancellationToken);
                return report;
            }
            case EvidenceKind.Alerts:
            {
                if (resolver is null) throw new InvalidOperationException("L'import d'alertes demande le résolveur de lieux.");
                progress?.Report("Résolution des lieux…");
                var file = EvidenceFiles.ReadAlerts(bytes, fileName, resolver());
                Describe(report, file);
                report.Rows = file.Rows.Count;
                if (file.Rejected.Count > 0) return report;
                await WriteAlertsAsync(report, file.Rows, options, cancellationToken);
                return report;
            }
            case EvidenceKind.Territories:
            {
                var regions = (await db.Admin1Regions.AsNoTracking().Select(r => new { r.CountryCode, r.Code }).ToListAsync(cancellationToken))
                    .Select(r => (r.CountryCode, r.Code)).ToHashSet();
                var file = EvidenceFiles.ReadTerritories(bytes, fileName, countries,
                    regions.Count == 0 ? null : (country, code) => regions.Contains((country, code)), null);
                var ids = file.Rows.Where(r => r.GeonameId is not null).Select(r => r.GeonameId!.Value).ToList();
                if (ids.Count > 0 && await db.Places.AnyAsync(cancellationToken))
                {
                    var known = (await db.Places.AsNoTracking().Where(p => ids.Contains(p.GeonameId)).Select(p => p.GeonameId).ToListAsync(cancellationToken)).ToHashSet();
                    foreach (var row in file.Rows.Where(r => r.GeonameId is { } id && !known.Contains(id)).ToList())
                    {
                        file.Rejected.Add(new(row.Line, "geoname_id", $"aucun lieu GeoNames {row.GeonameId} dans les données de référence"));
                        file.Rows.Remove(row);
                    }
                }
                Describe(report, file);
                report.Rows = file.Rows.Count;
                if (file.Rejected.Count > 0) return report;
                await WriteTerritoriesAsync(report, file.Rows, options, cancellationToken);
                return report;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static void Describe<T>(EvidenceReport report, EvidenceFile<T> file)
    {
        report.Lines = file.LinesRead;
        report.Rejected = file.Rejected.OrderBy(r => r.Line).ToList();
        report.Skipped = file.Skipped.OrderBy(r => r.Line).ToList();
        report.IgnoredColumns = file.IgnoredColumns;
    }

    private static void Duplicates<T>(EvidenceFile<T> file, Func<T, string> key, Func<T, int> line, Func<T, string> label, string field)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in file.Rows)
        {
            if (seen.TryGetValue(key(row), out var first))
                file.Rejected.Add(new(line(row), field, $"{label(row)} figure déjà ligne {first}"));
            else seen[key(row)] = line(row);
        }
    }

    private EvidenceImport NewImport(EvidenceReport report, EvidenceImportOptions options, int rows) => new()
    {
        Kind = report.Kind, SourceName = report.SourceName, SourceUrl = report.SourceUrl, Licence = report.Licence,
        FileName = report.FileName, Sha256 = report.Sha256, ImportedAt = time.GetUtcNow().UtcDateTime,
        ImportedBy = options.ImportedBy, RowCount = rows,
    };

    private sealed record ExistingIndicator(long Id, decimal? Value, string? Text, string SourceName, string? SourceUrl);

    private async Task WriteIndicatorsAsync(EvidenceReport report, List<IndicatorRow> rows, EvidenceImportOptions options,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var countries = rows.Select(r => r.CountryCode).Distinct().ToList();
        var indicators = rows.Select(r => r.Indicator).Distinct().ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = new Dictionary<(string, string, int), ExistingIndicator>();
        await foreach (var e in db.CountryIndicators.AsNoTracking()
                           .Where(i => indicators.Contains(i.Indicator) && countries.Contains(i.CountryCode))
                           .Select(i => new { i.Id, i.CountryCode, i.Indicator, i.Year, i.Value, i.Text, i.SourceName, i.SourceUrl })
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
            existing[(e.CountryCode, e.Indicator, e.Year)] = new ExistingIndicator(e.Id, e.Value, e.Text, e.SourceName, e.SourceUrl);

        var inserts = new List<IndicatorRow>();
        var updates = new List<(long Id, IndicatorRow Row)>();
        foreach (var row in rows)
        {
            var sourceUrl = row.SourceUrl ?? report.SourceUrl;
            if (!existing.TryGetValue((row.CountryCode, row.Indicator, row.Year), out var old)) inserts.Add(row);
            else if (old.Value != row.Value || old.Text != row.Text || old.SourceName != report.SourceName || old.SourceUrl != sourceUrl)
                updates.Add((old.Id, row));
        }
        report.Inserted = inserts.Count;
        report.Updated = updates.Count;
        report.Unchanged = rows.Count - inserts.Count - updates.Count;
        if (inserts.Count + updates.Count == 0) return;

        var import = NewImport(report, options, rows.Count);
        db.EvidenceImports.Add(import);
        // Every engagement is to be screened against the new evidence: marked in this transaction.
        db.PendingScreenings.Add(Screening.PendingScreening.National(time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);

        var table = Quote("CountryIndicators");
        string[] columns = ["CountryCode", "Indicator", "Year", "Value", "Text", "SourceName", "SourceUrl", "ImportId"];
        var columnList = string.Join(", ", columns.Select(Quote));
        for (var start = 0; start < inserts.Count; start += InsertBatch)
        {
            var batch = inserts.Skip(start).Take(InsertBatch).ToList();
            var parameters = new List<object>();
            var sql = new StringBuilder($"INSERT INTO {table} ({columnList}) VALUES ");
            for (var i = 0; i < batch.Count; i++)
            {
                var row = batch[i];
                if (i > 0) sql.Append(", ");
                sql.Append('(');
                Append(sql, parameters, row.CountryCode);
                Append(sql, parameters, row.Indicator, ", ");
                Append(sql, parameters, row.Year, ", ");
                Append(sql, parameters, row.Value, ", ");
                Append(sql, parameters, row.Text, ", ");
                Append(sql, parameters, report.SourceName, ", ");
                Append(sql, parameters, row.SourceUrl ?? report.SourceUrl, ", ");
                Append(sql, parameters, GuidValue(import.Id), ", ");
                sql.Append(')');
            }
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
            var done = Math.Min(start + InsertBatch, inserts.Count);
            if (done == inserts.Count || done / 10_000 != start / 10_000)
                progress?.Report($"{done} / {inserts.Count} valeurs ajoutées");
        }
        foreach (var (id, row) in updates)
        {
            var parameters = new List<object>();
            var sql = new StringBuilder($"UPDATE {table} SET {Quote("Value")} = ");
            Append(sql, parameters, row.Value);
            Append(sql, parameters, row.Text, $", {Quote("Text")} = ");
            Append(sql, parameters, report.SourceName, $", {Quote("SourceName")} = ");
            Append(sql, parameters, row.SourceUrl ?? report.SourceUrl, $", {Quote("SourceUrl")} = ");
            Append(sql, parameters, GuidValue(import.Id), $", {Quote("ImportId")} = ");
            Append(sql, parameters, id, $" WHERE {Quote("Id")} = ");
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
        }

        // The rows went in by SQL: one audit entry says what this import changed.
        db.AuditEntries.Add(new AuditEntry
        {
            At = import.ImportedAt, Actor = AuditActor.Value?.Id ?? options.ImportedBy, ActorName = AuditActor.Value?.Name, EntityType = nameof(CountryIndicator),
            EntityId = import.Id.ToString(), Action = "imported",
            After = JsonSerializer.Serialize(new
            {
                kind = EvidenceImporter.KindName(report.Kind), file = report.FileName, sha256 = report.Sha256, source = report.SourceName,
                inserted = report.Inserted, updated = report.Updated, unchanged = report.Unchanged,
                indicators, countries = countries.Count,
            }),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        report.Written = true;
        report.ImportId = import.Id;
    }

    private async Task WriteAlertsAsync(EvidenceReport report, List<AlertRow> rows, EvidenceImportOptions options, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var countries = rows.Select(r => r.CountryCode).Distinct().ToList();
        var existing = (await db.LocalAlerts.Where(a => countries.Contains(a.CountryCode)).ToListAsync(cancellationToken))
            .GroupBy(a => EvidenceFiles.AlertKey(a.Level, a.CountryCode, a.GeonameId, a.Admin1Code, a.Type, a.Title))
            .ToDictionary(g => g.Key, g => g.First());
        var now = time.GetUtcNow().UtcDateTime;
        var import = NewImport(report, options, rows.Count);
        foreach (var row in rows)
        {
            var key = EvidenceFiles.AlertKey(row.Level, row.CountryCode, row.GeonameId, row.Admin1Code, row.Type, row.Title);
            if (!existing.TryGetValue(key, out var alert))
            {
                db.LocalAlerts.Add(new LocalAlert
                {
                    Level = row.Level, CountryCode = row.CountryCode, PlaceText = row.PlaceText, GeonameId = row.GeonameId,
                    Admin1Code = row.Admin1Code, Type = row.Type, Title = row.Title, AdoptedOn = row.AdoptedOn, RepealedOn = row.RepealedOn,
                    SourceName = row.SourceName, SourceUrl = row.SourceUrl, Note = row.Note, ImportId = import.Id, Version = 1, UpdatedAt = now,
                });
                report.Inserted++;
                continue;
            }
            if (alert.PlaceText == row.PlaceText && alert.AdoptedOn == row.AdoptedOn && alert.RepealedOn == row.RepealedOn
                && alert.SourceName == row.SourceName && alert.SourceUrl == row.SourceUrl && alert.Note == row.Note)
            {
                report.Unchanged++;
                continue;
            }
            alert.PlaceText = row.PlaceText;
            alert.AdoptedOn = row.AdoptedOn;
            alert.RepealedOn = row.RepealedOn;
            alert.SourceName = row.SourceName;
            alert.SourceUrl = row.SourceUrl;
            alert.Note = row.Note;
            alert.ImportId = import.Id;
            alert.Version++;
            alert.UpdatedAt = now;
            report.Updated++;
        }
        if (report.Inserted + report.Updated == 0) return;
        db.EvidenceImports.Add(import);
        // Every engagement is to be screened against the new evidence: marked in this transaction.
        db.PendingScreenings.Add(Screening.PendingScreening.National(time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        report.Written = true;
        report.ImportId = import.Id;
    }

    private async Task WriteTerritoriesAsync(EvidenceReport report, List<TerritoryRow> rows, EvidenceImportOptions options,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.TerritoryStatuses.ToListAsync(cancellationToken);
        static string Key(string territory, string country, string? admin1, int? geonameId) => $"{territory}|{country}|{admin1}|{geonameId}";
        var byKey = existing.GroupBy(t => Key(t.Territory, t.CountryCode, t.Admin1Code, t.GeonameId)).ToDictionary(g => g.Key, g => g.ToList());
        var import = NewImport(report, options, rows.Count);
        var kept = new HashSet<TerritoryStatus>(ReferenceEqualityComparer.Instance);
        foreach (var row in rows)
        {
            if (!byKey.TryGetValue(Key(row.Territory, row.CountryCode, row.Admin1Code, row.GeonameId), out var matches))
            {
                db.TerritoryStatuses.Add(new TerritoryStatus
                {
                    Territory = row.Territory, Name = row.Name, CountryCode = row.CountryCode, Admin1Code = row.Admin1Code,
                    GeonameId = row.GeonameId, Status = row.Status, SourceName = row.SourceName, SourceUrl = row.SourceUrl,
                    SourceDate = row.SourceDate, ImportId = import.Id,
                });
                report.Inserted++;
                continue;
            }
            var status = matches[0];
            kept.Add(status);
            if (status.Name == row.Name && status.Status == row.Status && status.SourceName == row.SourceName
                && status.SourceUrl == row.SourceUrl && status.SourceDate == row.SourceDate)
            {
                report.Unchanged++;
                continue;
            }
            status.Name = row.Name;
            status.Status = row.Status;
            status.SourceName = row.SourceName;
            status.SourceUrl = row.SourceUrl;
            status.SourceDate = row.SourceDate;
            status.ImportId = import.Id;
            report.Updated++;
        }
        // The file is the whole list: a territory row it no longer has is no longer a position to flag.
        foreach (var stale in existing.Where(t => !kept.Contains(t)))
        {
            db.TerritoryStatuses.Remove(stale);
            report.Removed++;
        }
        if (report.Inserted + report.Updated + report.Removed == 0) return;
        db.EvidenceImports.Add(import);
        // Every engagement is to be screened against the new evidence: marked in this transaction.
        db.PendingScreenings.Add(Screening.PendingScreening.National(time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        report.Written = true;
        report.ImportId = import.Id;
    }

    private static string Quote(string name) => $"\"{name}\"";

    /// <summary>A GUID as EF stores it: uuid on PostgreSQL, upper-case text on SQLite.</summary>
    private object GuidValue(Guid id) => db.Database.IsNpgsql() ? id : id.ToString().ToUpperInvariant();

    /// <summary>A value as a positional parameter « {n} », or the literal NULL (a null parameter has no type on PostgreSQL).</summary>
    private static void Append(StringBuilder sql, List<object> parameters, object? value, string prefix = "")
    {
        sql.Append(prefix);
        if (value is null)
        {
            sql.Append("NULL");
            return;
        }
        sql.Append('{').Append(parameters.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
        parameters.Add(value);
    }

    private static string? Clip(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().Length <= max ? value.Trim() : value.Trim()[..max];
}
