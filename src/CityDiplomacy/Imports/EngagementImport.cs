using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Places;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Imports;

/// <summary>A row refused by a rule or a malformed cell: its physical line, the input's field, and why.</summary>
public sealed record RejectedRow(int Line, string Field, string Reason);

/// <summary>A candidate place offered for an unresolved partner.</summary>
public sealed record ImportCandidate(int? GeonameId, string Name, string CountryCode, string? Admin1Name, double Score);

/// <summary>
/// A row whose partner is not one sure place: not imported, with the candidates the resolver considered in the row's
/// country. When that country has none, <see cref="Note"/> says so (« aucun lieu de ce nom au Canada dans la base ») and
/// the places of that name in other countries are only a hint, apart (<see cref="Elsewhere"/>).
/// </summary>
public sealed record UnresolvedRow(int Line, string Query, string? Country, IReadOnlyList<ImportCandidate> Candidates,
    string? Note = null, IReadOnlyList<ImportCandidate>? Elsewhere = null);

/// <summary>What became of a row: to import (or imported), already there, refused, or partner not sure.</summary>
public enum RowOutcome { Imported, Unchanged, Rejected, Unresolved }

/// <summary>
/// One row and its outcome, for the preview: the partner as written, its country, and the place it was resolved to
/// (« Kraków (PL) », with its GeoNames id) when it was.
/// </summary>
public sealed record RowResult(int Line, RowOutcome Outcome, string? Partner, string? Country, string? Place, int? GeonameId,
    Guid? EngagementId = null);

/// <summary>
/// What an import did, or would do: rows read (blank lines are not rows), engagements imported (or to import on a dry
/// run), rows already in the register or repeated in the file, and every row left out. <see cref="Written"/> says
/// whether anything was saved; <see cref="Stale"/> that nothing was, because the outcome differed from the one expected
/// (<see cref="ImportOptions.ExpectedFingerprint"/>).
/// </summary>
public sealed record ImportReport(int Rows, int Imported, int Unchanged, IReadOnlyList<RejectedRow> Rejected,
    IReadOnlyList<UnresolvedRow> Unresolved, bool Written)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Every row, in file order, with its outcome.</summary>
    [JsonIgnore]
    public IReadOnlyList<RowResult> Results { get; init; } = [];

    /// <summary>Cells of the file from which control characters were removed (the text rule of every field).</summary>
    public IReadOnlyList<CleanedCell> Cleaned { get; init; } = [];

    [JsonIgnore]
    public bool Stale { get; init; }

    /// <summary>
    /// A digest of every row's outcome (line, outcome, place or field): the same file, mapping and register give the
    /// same fingerprint, so an import can check it writes what a preview showed.
    /// </summary>
    [JsonIgnore]
    public string Fingerprint
    {
        get
        {
            var text = new StringBuilder();
            foreach (var row in Results)
                text.Append(CultureInfo.InvariantCulture, $"{row.Line}|{row.Outcome}|{row.GeonameId}|{row.Place}\n");
            foreach (var row in Rejected) text.Append(CultureInfo.InvariantCulture, $"{row.Line}|{row.Field}|{row.Reason}\n");
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <param name="ExpectedFingerprint">When set, nothing is written unless the outcome has this
/// <see cref="ImportReport.Fingerprint"/>: the rows to import are those a preview showed.</param>
public sealed record ImportOptions(bool DryRun = false, bool Strict = false, string? ExpectedFingerprint = null);

/// <summary>
/// Imports a commune's register from its town hall's export (<see cref="TownHallCsv"/>). Each row becomes the input the
/// API and the forms use (<see cref="TwinningInput"/>…), validated and created by the same code, so the rules are the
/// same; its partner is resolved by the <see cref="PlaceResolver"/>, the row's country telling Vienne (AT) from Vienne
/// (FR). Idempotent on the natural key (commune, kind, partner place, start date): a row already in the register, or
/// repeated in the file, is « unchanged ». Everything valid is saved at once, in one SaveChanges (one transaction),
/// unless it is a dry run, or a strict import with a row rejected or unresolved.
/// </summary>
public sealed class EngagementImport(AppDb db, PlaceResolver resolver)
{
    public async Task<ImportReport> RunAsync(string communeCode, TownHallFile file, ImportOptions options,
        CancellationToken cancellationToken = default)
    {
        var known = await ExistingKeysAsync(communeCode, cancellationToken);
        var rejected = new List<RejectedRow>();
        var unresolved = new List<UnresolvedRow>();
        var created = new List<Engagement>();
        var results = new List<RowResult>(file.Rows.Count);
        var unchanged = 0;
        var source = Provenance(file);

        foreach (var row in file.Rows)
        {
            var errors = new List<RejectedRow>();
            var input = ToInput(row, file, errors);
            var partnerText = row[ImportField.Partner];
            if (partnerText is null)
                errors.Add(new RejectedRow(row.Line, "partner", $"La colonne « {HeaderOf(file, ImportField.Partner)} » (partenaire) est vide."));
            var country = row[ImportField.Country];
            if (input is null || errors.Count > 0)
            {
                rejected.AddRange(errors);
                results.Add(new RowResult(row.Line, RowOutcome.Rejected, partnerText, country, null, null));
                continue;
            }

            var resolution = resolver.Resolve(partnerText!, country);
            if (!resolution.Resolved || resolution.Best is not { } best)
            {
                unresolved.Add(Unresolved(row.Line, partnerText!, country, resolution));
                results.Add(new RowResult(row.Line, RowOutcome.Unresolved, partnerText, country, null, null));
                continue;
            }
            var place = $"{best.Name} ({best.CountryCode})";

            var partner = best.GeonameId is { } id
                ? new PartnerInput { GeonameId = id }
                : new PartnerInput { Admin1 = best.Admin1Code, Country = best.CountryCode };
            input.SetPartner(partner);
            var key = new NaturalKey(input.Kind, EngagementPartner.KeyOf(best.GeonameId, best.CountryCode, best.Admin1Code), input.StartedOn);
            if (known.Contains(key))
            {
                unchanged++;
                results.Add(new RowResult(row.Line, RowOutcome.Unchanged, partnerText, country, place, best.GeonameId));
                continue;
            }

            var validation = input.Input.Validate();
            if (validation.Count > 0)
            {
                rejected.AddRange(validation.Select(e => new RejectedRow(row.Line, e.Key, string.Join(" ", e.Value))));
                results.Add(new RowResult(row.Line, RowOutcome.Rejected, partnerText, country, place, best.GeonameId));
                continue;
            }
            try
            {
                var engagement = await input.Input.CreateAsync(communeCode, db, resolver, cancellationToken);
                engagement.SetProvenance(source, file.Sha256, $"ligne {row.Line}");
                created.Add(engagement);
                known.Add(key);
                results.Add(new RowResult(row.Line, RowOutcome.Imported, partnerText, country, place, best.GeonameId, engagement.Id));
            }
            catch (DomainRuleException rule)
            {
                rejected.Add(new RejectedRow(row.Line, rule.Field, rule.Message));
                results.Add(new RowResult(row.Line, RowOutcome.Rejected, partnerText, country, place, best.GeonameId));
            }
        }

        var report = new ImportReport(file.Rows.Count, created.Count, unchanged, rejected, unresolved, Written: false)
        {
            Results = results, Cleaned = file.Cleaned,
        };
        var stale = options.ExpectedFingerprint is { } expected && expected != report.Fingerprint;
        var write = !options.DryRun && !stale && created.Count > 0 && !(options.Strict && (rejected.Count > 0 || unresolved.Count > 0));
        if (write)
        {
            db.Engagements.AddRange(created);
            using (AuditActor.Use("cli", "import"))
                await db.SaveChangesAsync(cancellationToken);
        }
        return report with { Written = write, Stale = stale };
    }

    /// <summary>The candidates in the row's country; when there are none, a note that says so and the others apart.</summary>
    private UnresolvedRow Unresolved(int line, string query, string? country, PlaceResolution resolution)
    {
        static ImportCandidate Candidate(PlaceCandidate c) =>
            new(c.GeonameId, c.Name, c.CountryCode, c.Admin1Name, Math.Round(c.Score, 3));
        var candidates = resolution.Candidates.Select(Candidate).ToList();
        if (!resolution.NoneInCountry || resolution.Country is not { } asked)
            return new UnresolvedRow(line, query, country, candidates);
        return new UnresolvedRow(line, query, country, [],
            $"aucun lieu de ce nom {CountryNames.InFrench(resolver.Countries.NameOf(asked))} dans la base",
            resolution.OtherCountries.Count == 0 ? null : resolution.OtherCountries.Select(Candidate).ToList());
    }

    /// <summary>« export mairie : jumelages.csv », the file's name cut to fit the source column.</summary>
    internal static string Provenance(TownHallFile file)
    {
        const string prefix = "export mairie : ";
        var name = file.FileName;
        var room = 200 - prefix.Length;
        return prefix + (name.Length <= room ? name : name[..(room - 1)] + "…");
    }

    /// <summary>The provenance of what a town hall's export imports: « export mairie : jumelages.csv ».</summary>
    public static string SourceName(TownHallFile file)
    {
        var name = Path.GetFileName(file.Path);
        return $"export mairie : {(name.Length > 150 ? name[..150] : name)}";
    }

    private readonly record struct NaturalKey(EngagementKind Kind, string Partner, DateOnly? StartedOn);


    private async Task<HashSet<NaturalKey>> ExistingKeysAsync(string communeCode, CancellationToken cancellationToken)
    {
        var engagements = await db.Engagements.AsNoTracking()
            .Where(e => e.CommuneCode == communeCode)
            .Select(e => new { e.Kind, e.StartedOn, Partners = e.Partners.Select(p => new { p.GeonameId, p.CountryCode, p.Admin1Code }).ToList() })
            .ToListAsync(cancellationToken);
        return engagements
            .SelectMany(e => e.Partners.Select(p => new NaturalKey(e.Kind, EngagementPartner.KeyOf(p.GeonameId, p.CountryCode, p.Admin1Code), e.StartedOn)))
            .ToHashSet();
    }

    private static string HeaderOf(TownHallFile file, ImportField field) =>
        file.Columns.FirstOrDefault(c => c.Field == field)?.Header ?? TownHallCsv.Label(field);

    /// <summary>The row's input for its kind, cells turned into the API's shapes; null with the errors when a cell is malformed.</summary>
    private static RowInput? ToInput(TownHallRow row, TownHallFile file, List<RejectedRow> errors)
    {
        var kind = TownHallCsv.ParseKind(row[ImportField.Kind]);
        if (kind is null)
            errors.Add(new RejectedRow(row.Line, "kind",
                $"« {row[ImportField.Kind]} » (colonne « {HeaderOf(file, ImportField.Kind)} ») n'est pas un type importable : jumelage, partenariat ou coopération décentralisée."));

        var startedOn = Date(row, file, ImportField.SignedOn, kind == EngagementKind.Twinning ? "signedOn" : "startOn", errors);
        var statusOn = Date(row, file, ImportField.StatusOn, "statusOn", errors);
        var deliberationDate = Date(row, file, ImportField.DeliberationDate, "deliberation.date", errors);

        var statusText = row[ImportField.Status];
        var status = TownHallCsv.ParseStatus(statusText);
        if (statusText is not null && status is null)
            errors.Add(new RejectedRow(row.Line, "status",
                $"« {statusText} » (colonne « {HeaderOf(file, ImportField.Status)} ») n'est pas un statut : actif, en sommeil, suspendu, terminé ou en projet."));
        if (kind is null || errors.Count > 0) return null;

        // A deliberation is stored with its date; a reference alone is kept in the notes for the officer to complete.
        var notes = row[ImportField.Notes];
        DeliberationInput? deliberation = null;
        if (row[ImportField.Deliberation] is { } reference)
        {
            if (deliberationDate is { } on) deliberation = new DeliberationInput { Reference = reference, Date = IsoDate.Write(on) };
            else notes = string.Join("\n", new[] { notes, $"Délibération {reference} (date non précisée dans le fichier importé)." }.OfType<string>());
        }

        EngagementInput input = kind switch
        {
            EngagementKind.Twinning => new TwinningInput
            {
                SignedOn = IsoDate.Write(startedOn),
                Committee = row[ImportField.Committee] is { } committee ? new CommitteeInput { Name = committee } : null,
            },
            EngagementKind.Partnership => new PartnershipInput { StartOn = IsoDate.Write(startedOn) },
            _ => new CooperationProjectInput { StartOn = IsoDate.Write(startedOn) },
        };
        input.Title = row[ImportField.Title];
        input.Status = status is { } s ? EngagementStatuses.Slug(s) : null;
        input.StatusOn = IsoDate.Write(statusOn);
        input.StatusReason = row[ImportField.StatusReason];
        input.Deliberation = deliberation;
        input.Notes = notes;
        return new RowInput(input, startedOn);
    }

    private static DateOnly? Date(TownHallRow row, TownHallFile file, ImportField field, string inputField, List<RejectedRow> errors)
    {
        var cell = row[field];
        if (TownHallCsv.TryParseDate(cell, out var date)) return date;
        errors.Add(new RejectedRow(row.Line, inputField,
            $"« {cell} » (colonne « {HeaderOf(file, field)} ») n'est pas une date valide : attendu JJ/MM/AAAA, « 12 mars 1965 » ou AAAA-MM-JJ."));
        return null;
    }

    private sealed record RowInput(EngagementInput Input, DateOnly? StartedOn)
    {
        public EngagementKind Kind => Input.Kind;

        public void SetPartner(PartnerInput partner)
        {
            switch (Input)
            {
                case TwinningInput twinning: twinning.Partner = partner; break;
                case PartnershipInput partnership: partnership.Partners = [partner]; break;
                case CooperationProjectInput project: project.Partners = [partner]; break;
            }
        }
    }
}
