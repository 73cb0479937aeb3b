using System.Globalization;
using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Places;

/// <summary>
/// Turns what people write for a partner (« Cracovie (Pologne) », « Kraśnik County », « Bavière ») into one place of
/// GeoNames cities500 or one first-level region, or into an honest « unresolved » with the candidates it considered.
/// </summary>
/// <remarks>
/// <para>Matching. The text is folded (<see cref="NameFolding.Fold"/>) and split into a name and qualifiers
/// (<see cref="QueryText"/>): a qualifier that names a country sets it, one that names a first-level region narrows the
/// candidates to it. The whole text, then the name and its bilingual parts, are looked up among names, ASCII names,
/// GeoNames alternate names and the French tables; only when that finds nothing strong, in canonical form
/// (<see cref="NameForms.Canonical"/>); then, within the country asked for, with the French « -e » for « -en » undone
/// and by transliteration skeleton (<see cref="NameForms.Skeleton"/>); last, with at most 1 typo (6–9 letters) or 2
/// (10 letters or more) among the keys of the country, or without a country among the keys that share the first two
/// letters.</para>
/// <para>Score, between 0 and 1, without a coordinate hint:
/// <c>0.55·N + 0.20·C + 0.10·F + 0.15·P</c>; with a hint: <c>0.45·N + 0.15·C + 0.05·F + 0.10·P + 0.25·D</c>, where
/// N is the name match quality (name 1, French table 0.98, alternate name 0.92, canonical form 0.90, French ending
/// undone 0.85, 1 typo 0.80, transliteration skeleton 0.75, 2 typos 0.72);
/// C is the country agreement (1 agrees, 0.5 no country known, 0 another country);
/// F is the feature (PPLC 1, PPLA and PPLG 0.9, PPLA2 0.8, PPLA3 0.7, PPLA4 0.6, PPLA5 0.55, other populated places
/// 0.5, PPLX 0.3, historical or abandoned 0.1, a region 0.6);
/// P is the population on a log scale, <c>min(1, log10(1 + population) / 7)</c>, an unknown population (0) counting as
/// 500 and a region's being the sum of its places;
/// D is the proximity to the hint, <c>exp(−distance / 100 km)</c>.
/// A region is scored ×0.9 when a populated place matches strongly too, unless the text calls itself a region
/// (« voïvodie », « Land »…): a partner is a town first.</para>
/// <para>Candidates. With a country (given, or named in the text), only its places and regions are candidates; when
/// it has none, the answer says so (<see cref="PlaceResolution.NoneInCountry"/>) and lists the same name elsewhere
/// apart (<see cref="PlaceResolution.OtherCountries"/>).</para>
/// <para>Confidence. The best candidate is returned only when its score is at least <see cref="Threshold"/>; it lies
/// in the country given and in the region named (when they are); a weak match (below <see cref="StrongMatch"/>) has a
/// country or a hint within <see cref="SupportingDistanceKm"/> km behind it; a typo is a slip of the fingers (letter
/// doubled or two swapped, <see cref="NameForms.IsKeyboardSlip"/>); and no other candidate comes within
/// <see cref="AmbiguityMargin"/> of it (0.01 is about a threefold population at equal feature). Otherwise the answer
/// is unresolved, with the candidates.</para>
/// </remarks>
public sealed class PlaceResolver : IPlaceResolverSource
{
    public const double Threshold = 0.70;
    public const double AmbiguityMargin = 0.01;
    public const double StrongMatch = 0.90;
    public const double SupportingDistanceKm = 50;
    public const int MaxQueryLength = 200;

    private const double ExonymQuality = 0.98;
    private const double AlternateQuality = 0.92;
    private const double CanonicalQuality = 0.90;
    private const double AdaptedQuality = 0.85;
    private const double OneTypoQuality = 0.80;
    private const double SkeletonQuality = 0.75;
    private const double TwoTyposQuality = 0.72;
    private const int MaxPostingsPerWeakKey = 400;
    private const double RegionAfterPlace = 0.9;
    private const long UnknownPopulation = 500;
    private const int LoadBatchSize = 5_000;

    private readonly PlaceNames _names;

    public PlaceResolver(PlaceNames names, CountryNames countries)
    {
        _names = names;
        Countries = countries;
    }

    public CountryNames Countries { get; }

    ValueTask<PlaceResolver> IPlaceResolverSource.GetResolverAsync(CancellationToken cancellationToken) => ValueTask.FromResult(this);

    public PlaceNames Names => _names;

    /// <summary>Reads places, regions and countries from the database and the French name tables, and builds the index.</summary>
    public static async Task<PlaceResolver> LoadAsync(AppDb db, CancellationToken cancellationToken = default)
    {
        var countries = await db.Countries.AsNoTracking().ToListAsync(cancellationToken);
        var regions = await db.Admin1Regions.AsNoTracking().ToListAsync(cancellationToken);
        var builder = new PlaceNames.Builder();
        // While one batch is folded and indexed, the next is read: the database and the folding share the cores.
        var indexing = Task.CompletedTask;
        var batch = new List<PlaceRow>(LoadBatchSize);
        await foreach (var row in db.Places.AsNoTracking()
                           .OrderBy(p => p.GeonameId)
                           .Select(p => new PlaceRow(p.GeonameId, p.Name, p.AsciiName, p.AlternateNames, p.Latitude, p.Longitude,
                               p.FeatureCode, p.CountryCode, p.Admin1Code, p.Population))
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            batch.Add(row);
            if (batch.Count < LoadBatchSize) continue;
            await indexing;
            var full = batch;
            indexing = Task.Run(() => builder.AddPlaces(full), cancellationToken);
            batch = new List<PlaceRow>(LoadBatchSize);
        }
        await indexing;
        builder.AddPlaces(batch);
        return new PlaceResolver(builder.Finish(regions, Exonyms.Load()), new CountryNames(countries));
    }

    /// <summary>The reference versions the index is built from: a change in any of them calls for a rebuild.</summary>
    public static async Task<string> DataVersionAsync(AppDb db, CancellationToken cancellationToken = default)
    {
        string[] datasets = ["places", "admin1", "countries"];
        var versions = await db.ReferenceDatasets.AsNoTracking()
            .Where(d => datasets.Contains(d.Name))
            .Select(d => new { d.Name, d.Version })
            .ToListAsync(cancellationToken);
        return string.Join('|', versions.OrderBy(v => v.Name, StringComparer.Ordinal).Select(v => $"{v.Name}:{v.Version}"));
    }

    /// <summary>Resolves free text, with an optional country (code or name) and coordinate hint.</summary>
    /// <param name="limit">How many candidates to return, best first.</param>
    public PlaceResolution Resolve(string query, string? country = null, GeoPoint? hint = null, int limit = 5)
    {
        var text = QueryText.Parse(query ?? "");
        CountryScope? scope = null;
        var countryUnknown = false;
        if (!string.IsNullOrWhiteSpace(country))
        {
            scope = Countries.Find(country);
            countryUnknown = scope is null;
        }

        var regions = new List<(string Country, string Code, string Text)>();
        foreach (var qualifier in text.Qualifiers)
        {
            if (Countries.Find(qualifier) is { } named)
            {
                if (scope is null && !countryUnknown) scope = named;
                continue;
            }
            foreach (var region in FindRegions(qualifier, scope))
                regions.Add((region.CountryCode, region.Admin1Code!, qualifier));
        }
        if (scope is null && regions.Count > 0 && regions.Select(r => r.Country).Distinct().Count() == 1)
            scope = Countries.Find(regions[0].Country);

        var search = new Search(this, scope);
        if (text.Whole.Length > 0)
        {
            // The whole text first (GeoNames has « Frankfurt (Oder) »); its parts only when it is not a name as such.
            search.Look(text.Whole);
            if (!search.HasStrongMatch)
                foreach (var name in text.Names.Where(n => n != text.Whole)) search.Look(name);
            if (!search.HasStrongMatch)
                foreach (var name in text.Names.Count > 0 ? text.Names : [text.Whole]) search.LookForTypos(name);
        }

        var candidates = Rank(search.Hits, scope, regions, hint, NameForms.NamesRegion(NameFolding.Fold(text.Whole)));
        var best = candidates.Count > 0 ? candidates[0] : null;
        // A region the text names but no candidate lies in: the place meant is not among them.
        var regionMissed = regions.Count > 0 && best?.RegionText is null;
        var resolved = best is not null && !countryUnknown && !regionMissed && IsConfident(best, candidates, scope);
        // Candidates lie in the country asked for; the same name elsewhere is only a hint, when the country has none.
        var inCountry = scope is null ? candidates : candidates.Where(c => scope.Contains(c.Entry.CountryCode)).ToList();
        var noneInCountry = scope is not null && inCountry.Count == 0;
        var output = inCountry.Take(Math.Max(1, limit)).Select(c => c.ToCandidate(_names)).ToList();
        var elsewhere = noneInCountry ? candidates.Take(Math.Max(1, limit)).Select(c => c.ToCandidate(_names)).ToList() : [];
        return new PlaceResolution(query ?? "", scope?.Code, resolved, resolved ? output[0] : null, output)
        {
            NoneInCountry = noneInCountry,
            OtherCountries = elsewhere,
        };
    }

    private List<PlaceEntry> FindRegions(string qualifier, CountryScope? scope)
    {
        var found = new List<PlaceEntry>();
        var folded = NameFolding.Fold(qualifier);
        if (folded.Length == 0) return found;
        var seen = new HashSet<int>();
        foreach (var key in new[] { folded, NameForms.Canonical(folded) })
        {
            foreach (var posting in _names.Postings(key))
            {
                var entry = _names.Entries[PlaceNames.EntryOf(posting)];
                if (entry.IsRegion && (scope is null || scope.Contains(entry.CountryCode)) && seen.Add(PlaceNames.EntryOf(posting)))
                    found.Add(entry);
            }
        }
        return found;
    }

    private static bool IsConfident(Ranked best, List<Ranked> candidates, CountryScope? scope)
    {
        if (best.Score < Threshold) return false;
        if (scope is not null && best.CountryAgreement < 1) return false;
        if (best.Hit.Quality < StrongMatch && scope is null && !(best.DistanceKm <= SupportingDistanceKm)) return false;
        // A typo other than a slip of the fingers may well be another, unlisted place: a candidate, not an answer.
        if (best.Hit.Kind == MatchKind.Typo && !best.Hit.Slip) return false;
        return candidates.Count < 2 || candidates[1].Score <= best.Score - AmbiguityMargin;
    }

    private List<Ranked> Rank(Dictionary<int, Hit> hits, CountryScope? scope, List<(string Country, string Code, string Text)> regions,
        GeoPoint? hint, bool namesRegion)
    {
        var ranked = new List<Ranked>(hits.Count);
        foreach (var (index, hit) in hits)
        {
            var entry = _names.Entries[index];
            var region = regions.FirstOrDefault(r => r.Country == entry.CountryCode && r.Code == entry.Admin1Code && !entry.IsRegion);
            ranked.Add(Score(index, entry, hit, scope, hint, region.Text));
        }
        if (regions.Count > 0 && ranked.Any(r => r.RegionText is not null))
            ranked.RemoveAll(r => r.RegionText is null);

        // A partner is a town first: a region only wins when no place matches as well, or when the text says « region ».
        for (var i = 0; i < ranked.Count; i++)
        {
            var region = ranked[i];
            if (!region.Entry.IsRegion || (namesRegion && Tier(region.Hit.Quality) == 0)) continue;
            if (ranked.Any(p => !p.Entry.IsRegion && p.CountryAgreement >= region.CountryAgreement
                                && (p.Hit.Quality >= StrongMatch || Tier(p.Hit.Quality) <= Tier(region.Hit.Quality))))
                ranked[i] = region with { Score = region.Score * RegionAfterPlace };
        }
        ranked.Sort((a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : b.Entry.Population.CompareTo(a.Entry.Population);
        });
        return ranked;
    }

    /// <summary>Exact names (name, French table, alternate), canonical forms, then the weak matches.</summary>
    private static int Tier(double quality) => quality >= AlternateQuality ? 0 : quality >= CanonicalQuality ? 1 : 2;

    private static Ranked Score(int index, PlaceEntry entry, Hit hit, CountryScope? scope, GeoPoint? hint, string? regionText)
    {
        var n = hit.Quality;
        var c = scope is null ? 0.5 : scope.Contains(entry.CountryCode) ? 1 : 0;
        var f = FeatureScore(entry);
        var p = Math.Min(1, Math.Log10(1 + Population(entry)) / 7);
        double? distance = hint is { } point && !double.IsNaN(entry.Latitude) ? point.DistanceKm(entry.Latitude, entry.Longitude) : null;
        var score = hint is null
            ? 0.55 * n + 0.20 * c + 0.10 * f + 0.15 * p
            : 0.45 * n + 0.15 * c + 0.05 * f + 0.10 * p + 0.25 * (distance is { } d ? Math.Exp(-d / 100) : 0);
        return new Ranked(index, entry, hit, score, c, distance, scope, regionText);
    }

    /// <summary>
    /// The population for P: GeoNames writes 0 when it does not know, and cities500 keeps only places of 500 inhabitants
    /// or more and seats, so an unknown population counts as 500.
    /// </summary>
    private static long Population(PlaceEntry entry) =>
        entry.Population > 0 || entry.IsRegion ? entry.Population : UnknownPopulation;

    /// <summary>F in the score: the capital over regional seats over other populated places.</summary>
    public static double FeatureScore(PlaceEntry entry) => entry.IsRegion ? 0.6 : entry.FeatureCode switch
    {
        "PPLC" => 1.0,
        "PPLA" or "PPLG" => 0.9,
        "PPLA2" => 0.8,
        "PPLA3" => 0.7,
        "PPLA4" => 0.6,
        "PPLA5" => 0.55,
        "PPLX" => 0.3,
        "PPLH" or "PPLQ" or "PPLW" or "PPLCH" => 0.1,
        _ => 0.5,
    };

    /// <summary>How a name matched: the kind and the text of the query that matched.</summary>
    private readonly record struct Hit(double Quality, MatchKind Kind, string Text, int Typos = 0, bool Slip = false);

    private enum MatchKind { Name, Exonym, Alternate, Canonical, Adapted, Skeleton, Typo }

    /// <summary>Collects the best hit of each entry over every form of the query.</summary>
    private sealed class Search(PlaceResolver resolver, CountryScope? scope)
    {
        public Dictionary<int, Hit> Hits { get; } = [];

        public bool HasStrongMatch { get; private set; }

        public void Look(string text)
        {
            var folded = NameFolding.Fold(text);
            if (folded.Length == 0) return;
            foreach (var posting in resolver._names.Postings(folded))
            {
                var kind = PlaceNames.KindOf(posting) switch
                {
                    NameKind.Name => MatchKind.Name,
                    NameKind.Exonym => MatchKind.Exonym,
                    NameKind.Alternate => MatchKind.Alternate,
                    _ => MatchKind.Canonical,
                };
                Add(PlaceNames.EntryOf(posting), new Hit(Quality(kind), kind, text), weak: false);
            }
            // Derived forms are fallbacks: they lose what told names apart (« Francfort-sur-l'Oder »).
            if (HasStrongMatch || !NameForms.IsLatin(folded)) return;
            var canonical = NameForms.Canonical(folded);
            if (canonical != folded)
                foreach (var posting in resolver._names.Postings(canonical))
                    Add(PlaceNames.EntryOf(posting), new Hit(CanonicalQuality, MatchKind.Canonical, text), weak: false);
            // Sound-alike forms are too loose worldwide: only within the country asked for.
            if (scope is null) return;
            var adapted = NameForms.FrenchAdaptationReversed(canonical);
            if (adapted is not null)
                AddWeak(resolver._names.Postings(adapted), posting => PlaceNames.EntryOf(posting), new Hit(AdaptedQuality, MatchKind.Adapted, text));
            foreach (var form in adapted is null ? [canonical] : new[] { canonical, adapted })
                if (NameForms.Skeleton(form) is { } skeleton)
                    AddWeak(resolver._names.SkeletonEntries(skeleton), entry => entry, new Hit(SkeletonQuality, MatchKind.Skeleton, text));
        }

        public void LookForTypos(string text)
        {
            var canonical = NameForms.Canonical(NameFolding.Fold(text));
            if (!NameForms.IsLatin(canonical)) return;
            var allowance = NameForms.TypoAllowance(canonical);
            if (allowance == 0) return;
            var near = new List<(string Key, int Distance)>();
            resolver._names.NearKeys(canonical, allowance, scope, near);
            foreach (var (key, distance) in near)
            {
                var hit = new Hit(distance == 1 ? OneTypoQuality : TwoTyposQuality, MatchKind.Typo, text, distance,
                    distance == 1 && NameForms.IsKeyboardSlip(canonical, key));
                AddWeak(resolver._names.Postings(key), posting => PlaceNames.EntryOf(posting), hit);
            }
        }

        private void AddWeak(ReadOnlySpan<int> values, Func<int, int> entryOf, Hit hit)
        {
            var taken = 0;
            foreach (var value in values)
            {
                var entry = entryOf(value);
                // Weak matches count only in the country asked for; without one, a few hundred at most.
                if (scope is not null && !scope.Contains(resolver._names.Entries[entry].CountryCode)) continue;
                if (scope is null && ++taken > MaxPostingsPerWeakKey) break;
                Add(entry, hit, weak: true);
            }
        }

        private void Add(int entry, Hit hit, bool weak)
        {
            if (Hits.TryGetValue(entry, out var known) && known.Quality >= hit.Quality) return;
            Hits[entry] = hit;
            if (!weak && hit.Quality >= StrongMatch
                && (scope is null || scope.Contains(resolver._names.Entries[entry].CountryCode)))
                HasStrongMatch = true;
        }

        private static double Quality(MatchKind kind) => kind switch
        {
            MatchKind.Name => 1.0,
            MatchKind.Exonym => ExonymQuality,
            MatchKind.Alternate => AlternateQuality,
            _ => CanonicalQuality,
        };
    }

    private sealed record Ranked(int Index, PlaceEntry Entry, Hit Hit, double Score, double CountryAgreement, double? DistanceKm,
        CountryScope? Scope, string? RegionText)
    {
        public PlaceCandidate ToCandidate(PlaceNames names)
        {
            var hasPoint = !double.IsNaN(Entry.Latitude);
            return new PlaceCandidate(
                Entry.IsRegion ? null : Entry.GeonameId, Entry.Name, Entry.CountryCode, Entry.Admin1Code,
                names.RegionName(Entry.CountryCode, Entry.Admin1Code),
                hasPoint ? Entry.Latitude : null, hasPoint ? Entry.Longitude : null, Entry.Population, Entry.FeatureCode,
                Entry.IsRegion ? PlaceCandidate.RegionKind : PlaceCandidate.PlaceKind,
                Math.Round(Score, 3), Reason());
        }

        /// <summary>What matched, in French: « nom alternatif exact « Cracovie », pays PL concordant, PPLA ».</summary>
        private string Reason()
        {
            var parts = new List<string>
            {
                (Hit.Kind, Entry.IsRegion) switch
                {
                    (MatchKind.Name, true) => $"nom de région exact « {Hit.Text} »",
                    (MatchKind.Exonym, true) => $"nom français ou local de région « {Hit.Text} » (table des régions)",
                    (MatchKind.Alternate, true) => $"nom alternatif de région « {Hit.Text} »",
                    (MatchKind.Name, false) => $"nom exact « {Hit.Text} »",
                    (MatchKind.Exonym, false) => $"exonyme français « {Hit.Text} » (table des exonymes)",
                    (MatchKind.Alternate, false) => $"nom alternatif exact « {Hit.Text} »",
                    (MatchKind.Canonical, _) => $"forme canonique de « {Hit.Text} » (article, saint, mot administratif ou locatif)",
                    (MatchKind.Adapted, _) => $"forme française adaptée « {Hit.Text} » (-e pour -en)",
                    (MatchKind.Skeleton, _) => $"translittération voisine de « {Hit.Text} »",
                    _ => Hit.Slip
                        ? $"nom proche de « {Hit.Text} » (1 faute de frappe : lettre doublée ou inversée)"
                        : $"nom proche de « {Hit.Text} » ({Hit.Typos} lettre{(Hit.Typos > 1 ? "s" : "")} de différence)",
                },
                Scope is null ? "pays non précisé"
                    : CountryAgreement >= 1 ? $"pays {Entry.CountryCode} concordant"
                    : $"pays {Entry.CountryCode} au lieu de {Scope.Code}",
            };
            if (RegionText is not null) parts.Add($"région « {RegionText} » concordante");
            parts.Add(Entry.IsRegion ? "région de premier niveau (admin1)" : Entry.FeatureCode);
            if (DistanceKm is { } km) parts.Add(string.Create(CultureInfo.GetCultureInfo("fr-FR"), $"à {km:0} km du point indiqué"));
            return string.Join(", ", parts);
        }
    }
}
