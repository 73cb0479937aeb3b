using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Places;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Imports;

/// <summary>A pair whose French side is not one commune: the line, the name, the reason (<see cref="UnmatchedReasons"/>) and the communes considered.</summary>
public sealed record UnmatchedPair(int Line, string FrenchSide, string Partner, string Reason, string Explanation,
    IReadOnlyList<CommuneCandidate> Candidates);

/// <summary>A pair whose partner is not one sure place, with the resolver's candidates.</summary>
public sealed record UnresolvedPartner(int Line, string CommuneCode, string Query, string? Country, IReadOnlyList<ImportCandidate> Candidates);

/// <summary>A partner resolved without the directory's coordinates, because they were far from any place of that name.</summary>
public sealed record CoordinateWarning(int Line, string Query, int? GeonameId, double? DistanceKm);

/// <summary>
/// What a directory import did, or would do on a dry run (<see cref="Written"/> false). Every pair is counted once:
/// skipped (no French side), unmatched (French side not one commune), unresolved (partner not one sure place), or
/// matched and resolved, and then created, merged into a twinning met earlier in the file or imported before from
/// another source, left unchanged (already imported from this source) or kept as the commune entered it.
/// </summary>
public sealed record DirectoryImportReport
{
    public required string Source { get; init; }
    public required string SourceVersion { get; init; }
    public required string Licence { get; init; }
    public int PairsRead { get; init; }
    public int SkippedNotFrench { get; init; }
    public int FrenchCommunesMatched { get; init; }
    public int DistinctCommunes { get; init; }
    public int PartnersResolved { get; init; }
    /// <summary>
    /// Partners no GeoNames place matches, kept with the name, country and coordinates the directory gives
    /// (« coordonnées d'après la source ») instead of being dropped.
    /// </summary>
    public int PartnersFromSourceCoordinates { get; init; }
    public int TwinningsCreated { get; init; }
    public int DuplicatesMerged { get; init; }
    public int Unchanged { get; init; }
    /// <summary>
    /// Pairs already in the register as the commune entered, confirmed or dismissed them: left as they are (a confirmed
    /// or dismissed record only gains this source among its sources).
    /// </summary>
    public int KeptCommuneEntries { get; init; }
    public bool Written { get; init; }
    public IReadOnlyList<UnmatchedPair> Unmatched { get; init; } = [];
    public IReadOnlyList<UnresolvedPartner> Unresolved { get; init; } = [];
    public IReadOnlyList<CoordinateWarning> CoordinateWarnings { get; init; } = [];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>
/// An import worked out but not written: the report it will give, the twinnings to create and how many twinnings of
/// the register gained a source (tracked by the context that planned it).
/// </summary>
public sealed record DirectoryImportPlan(DirectoryImportReport Report, IReadOnlyList<Engagement> Created, int Touched);

/// <summary>
/// Imports a national twinning directory (<see cref="TwinningDirectory"/>) into the communes' registers. For each
/// pair: the French side is matched to a current commune (<see cref="FrenchCommunes"/>), the partner resolved by the
/// <see cref="PlaceResolver"/> with the row's country and coordinates as a hint (again without the coordinates when
/// they lead nowhere: directories have wrong ones). Natural key: commune, twinning, partner place. The same pair met
/// again (listed twice, or from both ends in Wikipedia, or already imported from another source) is merged into one
/// twinning that keeps every source (<see cref="Engagement.Sources"/>); a twinning the commune entered itself
/// (no provenance) is never touched. A new twinning is created like the form would create it (<see cref="NewTwinning"/>), with
/// provenance <see cref="Provenance.Directory"/> and status « signalé » (<see cref="EngagementStatus.Reported"/>): the
/// directory says the towns are twinned and nothing of the status, until the commune confirms or dismisses it. Everything is saved in one SaveChanges
/// (one transaction), audited as the CLI, unless it is a dry run.
/// </summary>
public sealed class TwinningDirectoryImport(AppDb db, PlaceResolver resolver, FrenchCommunes communes)
{
    /// <summary>Plans and, unless it is a dry run, writes: <see cref="PlanAsync"/> then <see cref="WriteAsync"/>.</summary>
    public async Task<DirectoryImportReport> RunAsync(DirectoryFile file, bool dryRun = false, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(file, progress, cancellationToken);
        if (!dryRun)
        {
            using (AuditActor.Use("cli", "import"))
                return await WriteAsync(db, plan, cancellationToken: cancellationToken);
        }
        db.ChangeTracker.Clear();
        return plan.Report;
    }

    /// <summary>
    /// Reads the register's twinnings, matches and resolves every pair, and builds the twinnings to create and the
    /// sources to add, in memory: nothing is written. The resolver is not needed afterwards, so a caller short of
    /// memory can let it go before <see cref="WriteAsync"/>.
    /// </summary>
    public async Task<DirectoryImportPlan> PlanAsync(DirectoryFile file, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var twinnings = await db.Engagements.Where(e => e.Kind == EngagementKind.Twinning).ToListAsync(cancellationToken);
        var byKey = new Dictionary<(string Commune, string Partner), Engagement>();
        foreach (var twinning in twinnings)
            foreach (var partner in twinning.Partners)
                byKey.TryAdd((twinning.CommuneCode, PartnerKey(partner)), twinning);
        var createdHere = new HashSet<Engagement>(ReferenceEqualityComparer.Instance);
        var touchedHere = new HashSet<Engagement>(ReferenceEqualityComparer.Instance);

        var unmatched = new List<UnmatchedPair>();
        var unresolved = new List<UnresolvedPartner>();
        var warnings = new List<CoordinateWarning>();
        var matchedCommunes = new HashSet<string>(StringComparer.Ordinal);
        int skipped = 0, matched = 0, resolved = 0, fromSource = 0, merged = 0, unchanged = 0, kept = 0;

        for (var i = 0; i < file.Pairs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(i + 1);
            var pair = file.Pairs[i];
            var (french, partnerSide) = FrenchSide(pair);
            if (french is null || partnerSide is null)
            {
                if (partnerSide is null && french is not null)
                    unmatched.Add(new UnmatchedPair(pair.Line, pair.First.Name, pair.Second.Name, UnmatchedReasons.BothFrench,
                        $"« {pair.First.Name} » et « {pair.Second.Name} » sont toutes deux en France : ce n'est pas un jumelage international.", []));
                else skipped++;
                continue;
            }

            var match = communes.Match(french);
            if (match.Commune is not { } commune)
            {
                unmatched.Add(new UnmatchedPair(pair.Line, french.Name, partnerSide.Name, match.Reason!, match.Explanation!, match.Candidates));
                continue;
            }
            matched++;
            matchedCommunes.Add(commune.Code);

            var partner = ResolvePartner(pair, partnerSide, warnings, out var resolution);
            if (partner is null)
            {
                partner = FromSourceCoordinates(partnerSide);
                if (partner is null)
                {
                    unresolved.Add(new UnresolvedPartner(pair.Line, commune.Code, partnerSide.Name, partnerSide.Country,
                        resolution.Candidates.Select(c => new ImportCandidate(c.GeonameId, c.Name, c.CountryCode, c.Admin1Name,
                            Math.Round(c.Score, 3))).ToList()));
                    continue;
                }
                fromSource++;
            }
            else resolved++;

            var record = file.RecordOf(pair);
            var key = (commune.Code, PartnerKey(partner));
            if (byKey.TryGetValue(key, out var existing))
            {
                if (existing.SourceName is null)
                {
                    kept++;
                    continue;
                }
                // The commune's word wins: a record it confirmed (or imported from its own file) or dismissed is never
                // changed or brought back; the directory only adds itself to the record's sources.
                if (existing.Provenance == Provenance.Commune || existing.IsDismissed)
                {
                    if (!createdHere.Contains(existing) && existing.AddSource(file.SourceName, file.SourceVersion, record))
                        touchedHere.Add(existing);
                    kept++;
                    continue;
                }
                var seenHere = createdHere.Contains(existing) || touchedHere.Contains(existing);
                if (existing.AddSource(file.SourceName, file.SourceVersion, record) || seenHere)
                {
                    merged++;
                    touchedHere.Add(existing);
                }
                else unchanged++;
                continue;
            }

            var twinning = NewTwinning(commune.Code, partner, partnerSide.Item);
            twinning.SetProvenance(file.SourceName, file.SourceVersion, record, Provenance.Directory);
            byKey[key] = twinning;
            createdHere.Add(twinning);
        }

        var report = new DirectoryImportReport
        {
            Source = file.SourceName,
            SourceVersion = file.SourceVersion,
            Licence = file.Licence,
            PairsRead = file.Pairs.Count,
            SkippedNotFrench = skipped,
            FrenchCommunesMatched = matched,
            DistinctCommunes = matchedCommunes.Count,
            PartnersResolved = resolved,
            PartnersFromSourceCoordinates = fromSource,
            TwinningsCreated = createdHere.Count,
            DuplicatesMerged = merged,
            Unchanged = unchanged,
            KeptCommuneEntries = kept,
            Written = false,
            Unmatched = unmatched,
            Unresolved = unresolved,
            CoordinateWarnings = warnings,
        };
        return new DirectoryImportPlan(report, [.. createdHere], touchedHere.Count);
    }

    /// <summary>
    /// Writes a plan in one transaction, audited as the ambient actor (the CLI's): the sources added to twinnings
    /// already in the register (tracked by <paramref name="db"/> since the plan read them) through <c>SaveChanges</c>,
    /// then the new twinnings, with their partners and one audit row each, through <see cref="BulkInsert"/> — the
    /// change tracker costs about a millisecond per new twinning, the insert a few microseconds. Returns the report
    /// with <c>Written</c> set.
    /// </summary>
    public static async Task<DirectoryImportReport> WriteAsync(AppDb db, DirectoryImportPlan plan, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        if (plan.Created.Count == 0 && plan.Touched == 0)
        {
            db.ChangeTracker.Clear();
            return plan.Report;
        }
        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            await using (var bulk = new BulkInsert(db))
            {
                foreach (var twinning in plan.Created)
                {
                    var audit = AuditInterceptor.Created(twinning, now);
                    await bulk.AddAsync(twinning, cancellationToken);
                    await bulk.AddAsync(audit, cancellationToken);
                }
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return plan.Report with { Written = true };
    }

    /// <summary>The French side and the partner side; the partner null when both are French, both null when neither is.</summary>
    private (DirectoryCity? French, DirectoryCity? Partner) FrenchSide(DirectoryPair pair)
    {
        var firstFrench = IsFrench(pair.First.Country) || (pair.Ordered && pair.First.Country is null);
        var secondFrench = IsFrench(pair.Second.Country);
        return (firstFrench, secondFrench) switch
        {
            (true, true) => (pair.First, null),
            (true, false) => (pair.First, pair.Second),
            (false, true) when !pair.Ordered => (pair.Second, pair.First),
            _ => (null, null),
        };
    }

    /// <summary>France, or an overseas department or collectivity (« Réunion, France », « Mayotte »).</summary>
    private bool IsFrench(string? country) =>
        Country(country) is { } scope && (scope.Code == "FR" || CountryNames.FrenchOverseas.Contains(scope.Code));

    /// <summary>The country a directory's label means: the whole, else its parts (« England, United Kingdom »).</summary>
    private CountryScope? Country(string? label)
    {
        if (string.IsNullOrWhiteSpace(label)) return null;
        if (resolver.Countries.Find(label) is { } whole) return whole;
        foreach (var part in label.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (resolver.Countries.Find(part) is { } found)
                return found;
        return null;
    }

    private PlaceCandidate? ResolvePartner(DirectoryPair pair, DirectoryCity partner, List<CoordinateWarning> warnings,
        out PlaceResolution resolution)
    {
        var country = Country(partner.Country)?.Code;
        // A country code the resolver reads back; a label it cannot read is given as is (it says so: unresolved).
        var countryArgument = country is not null && !country.Contains('/') ? country : partner.Country;
        var hint = partner.Point is { } point && !(point.Latitude == 0 && point.Longitude == 0) ? point : (GeoPoint?)null;
        resolution = resolver.Resolve(partner.Name, countryArgument, hint);
        if (resolution.Resolved) return resolution.Best;
        if (hint is null) return null;
        var withoutHint = resolver.Resolve(partner.Name, countryArgument);
        if (!withoutHint.Resolved || withoutHint.Best is not { } best) return null;
        double? distance = best.Latitude is { } lat && best.Longitude is { } lon
            ? Math.Round(hint.Value.DistanceKm(lat, lon), 1)
            : null;
        warnings.Add(new CoordinateWarning(pair.Line, partner.Name, best.GeonameId, distance));
        return best;
    }

    /// <summary>
    /// A partner no GeoNames place matches, located where the directory puts it: a place without GeoNames id, with the
    /// name and country the directory writes and its coordinates (« coordonnées d'après la source »). Null when the
    /// row has no usable coordinates (none, or 0,0) or its country is not one country.
    /// </summary>
    private PlaceCandidate? FromSourceCoordinates(DirectoryCity partner)
    {
        if (partner.Point is not { } point || (point.Latitude == 0 && point.Longitude == 0)) return null;
        if (Country(partner.Country)?.Code is not { Length: 2 } country) return null;
        var name = partner.Name.Length > 200 ? partner.Name[..200] : partner.Name;
        return new PlaceCandidate(null, name, country, null, null, point.Latitude, point.Longitude, 0, "", PlaceCandidate.PlaceKind, 0,
            "coordonnées d'après la source");
    }

    /// <summary>
    /// A twinning as the form would create it for that partner (« Jumelage avec … », public), « signalé »: the
    /// directory states no status. Built from the resolver's answer, which already holds the reference data the
    /// form's input would read again from the database. The partner keeps its Wikidata item when the directory gives it.
    /// </summary>
    private static Twinning NewTwinning(string communeCode, PlaceCandidate partner, string? wikidataId)
    {
        var twinning = new Twinning(communeCode, $"Jumelage avec {partner.Name}");
        twinning.ReplacePartners([partner.Kind == PlaceCandidate.PlaceKind
            ? new EngagementPartner
            {
                Kind = PartnerKind.Place, GeonameId = partner.GeonameId, Name = partner.Name, CountryCode = partner.CountryCode,
                Admin1Code = partner.Admin1Code, Latitude = partner.Latitude, Longitude = partner.Longitude, WikidataId = wikidataId,
            }
            : new EngagementPartner
            {
                Kind = PartnerKind.Admin1, Name = partner.Name, CountryCode = partner.CountryCode, Admin1Code = partner.Admin1Code,
                WikidataId = wikidataId,
            }]);
        twinning.Start(EngagementStatus.Reported, on: null);
        return twinning;
    }

    /// <summary>The partner's part of the natural key: its GeoNames id, else its region, else (located by the source) its country and folded name.</summary>
    private static string PartnerKey(EngagementPartner partner) =>
        PartnerKey(partner.Kind == PartnerKind.Place, partner.GeonameId, partner.CountryCode, partner.Admin1Code, partner.Name);

    private static string PartnerKey(PlaceCandidate partner) =>
        PartnerKey(partner.Kind == PlaceCandidate.PlaceKind, partner.GeonameId, partner.CountryCode, partner.Admin1Code, partner.Name);

    private static string PartnerKey(bool place, int? geonameId, string countryCode, string? admin1, string name) =>
        geonameId is { } id ? id.ToString(CultureInfo.InvariantCulture)
        : place ? $"{countryCode}~{Reference.NameFolding.Fold(name)}"
        : $"{countryCode}.{admin1}";
}
