using System.Collections.Frozen;
using System.Numerics;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Places;

/// <summary>How a folded key names an entry, best first.</summary>
public enum NameKind : byte
{
    /// <summary>GeoNames name or ASCII name; for a region, its GeoNames admin1 name.</summary>
    Name = 0,
    /// <summary>A row of the maintained French tables (exonyms-fr.tsv, admin1-names.tsv).</summary>
    Exonym = 1,
    /// <summary>A GeoNames alternate name.</summary>
    Alternate = 2,
    /// <summary>One of the above in canonical form (<see cref="NameForms.Canonical"/>).</summary>
    Canonical = 3,
}

/// <summary>A place of cities500 or a first-level region, as the resolver ranks and returns it.</summary>
/// <param name="GeonameId">0 for a region: cities500 holds no admin1 features.</param>
/// <param name="Latitude">For a region, its seat (most populous PPLA or PPLC in it); NaN when it has none.</param>
/// <param name="Population">For a region, the sum of its cities500 places.</param>
public readonly record struct PlaceEntry(
    int GeonameId, string Name, string CountryCode, string? Admin1Code, string FeatureCode,
    double Latitude, double Longitude, long Population)
{
    public const string RegionFeatureCode = "ADM1";

    public bool IsRegion => GeonameId == 0;
}

/// <summary>One row of the Places table, as the index reads it.</summary>
public sealed record PlaceRow(
    int GeonameId, string Name, string? AsciiName, string? AlternateNames, double Latitude, double Longitude,
    string? FeatureCode, string CountryCode, string? Admin1Code, long Population);

/// <summary>
/// The names of every place and region, folded, in compact arrays: one dictionary from key to key id, the postings of
/// all keys in one int array (entry index × 4 + <see cref="NameKind"/>), the same for transliteration skeletons, and the
/// Latin-script keys bucketed by country (sorted by length) and by first letters for the bounded typo search.
/// Immutable once built, so any number of threads may read it.
/// </summary>
public sealed class PlaceNames
{
    private readonly Dictionary<string, int> _keyIds;
    private readonly string[] _keys;
    private readonly int[] _keyLetters;
    private readonly int[] _keyOffsets;
    private readonly int[] _keyPostings;
    private readonly Dictionary<string, int> _skeletonIds;
    private readonly int[] _skeletonOffsets;
    private readonly int[] _skeletonEntries;
    private readonly FrozenDictionary<string, int[]> _keysByCountry;
    private readonly FrozenDictionary<string, int[]> _keysByPrefix;
    private readonly FrozenDictionary<(string Country, string Code), string> _regionNames;

    public PlaceEntry[] Entries { get; }

    public int KeyCount => _keys.Length;

    private PlaceNames(PlaceEntry[] entries, Dictionary<string, int> keyIds, string[] keys, int[] keyOffsets, int[] keyPostings,
        Dictionary<string, int> skeletonIds, int[] skeletonOffsets, int[] skeletonEntries,
        FrozenDictionary<string, int[]> keysByCountry, FrozenDictionary<string, int[]> keysByPrefix,
        FrozenDictionary<(string, string), string> regionNames)
    {
        Entries = entries;
        _keyIds = keyIds;
        _keys = keys;
        _keyLetters = Array.ConvertAll(keys, LetterMask);
        _keyOffsets = keyOffsets;
        _keyPostings = keyPostings;
        _skeletonIds = skeletonIds;
        _skeletonOffsets = skeletonOffsets;
        _skeletonEntries = skeletonEntries;
        _keysByCountry = keysByCountry;
        _keysByPrefix = keysByPrefix;
        _regionNames = regionNames;
    }

    public static int EntryOf(int posting) => posting >> 2;
    public static NameKind KindOf(int posting) => (NameKind)(posting & 3);

    /// <summary>The postings of a folded key (entry × 4 + kind), each entry once with its best kind.</summary>
    public ReadOnlySpan<int> Postings(string key) =>
        _keyIds.TryGetValue(key, out var id) ? Postings(id) : [];

    private ReadOnlySpan<int> Postings(int keyId) =>
        _keyPostings.AsSpan(_keyOffsets[keyId], _keyOffsets[keyId + 1] - _keyOffsets[keyId]);

    /// <summary>The entries whose name has this transliteration skeleton (<see cref="NameForms.Skeleton"/>).</summary>
    public ReadOnlySpan<int> SkeletonEntries(string skeleton) =>
        _skeletonIds.TryGetValue(skeleton, out var id)
            ? _skeletonEntries.AsSpan(_skeletonOffsets[id], _skeletonOffsets[id + 1] - _skeletonOffsets[id])
            : [];

    public string? RegionName(string countryCode, string? admin1Code) =>
        admin1Code is not null && _regionNames.TryGetValue((countryCode, admin1Code), out var name) ? name : null;

    /// <summary>
    /// Keys within <paramref name="max"/> typos of <paramref name="key"/>: among the keys of the scope's countries, or
    /// without a scope among the keys that share its first two characters. Adds (key, distance) to <paramref name="found"/>.
    /// </summary>
    public void NearKeys(string key, int max, CountryScope? scope, List<(string Key, int Distance)> found)
    {
        if (max <= 0 || key.Length < 2) return;
        if (scope is null)
        {
            if (_keysByPrefix.TryGetValue(key[..2], out var bucket)) Scan(bucket, key, max, found, null);
            return;
        }
        var seen = scope.Codes.Count > 1 ? new HashSet<int>() : null;
        foreach (var code in scope.Codes)
            if (_keysByCountry.TryGetValue(code, out var bucket)) Scan(bucket, key, max, found, seen);
    }

    /// <summary>Compares the keys of a bucket (sorted by length) whose length is within reach.</summary>
    private void Scan(int[] bucket, string key, int max, List<(string Key, int Distance)> found, HashSet<int>? seen)
    {
        int low = 0, high = bucket.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_keys[bucket[middle]].Length < key.Length - max) low = middle + 1;
            else high = middle;
        }
        var letters = LetterMask(key);
        for (var i = low; i < bucket.Length && _keys[bucket[i]].Length <= key.Length + max; i++)
        {
            // One edit changes at most two letters of the set of letters used: a cheap test that rejects most keys.
            if (BitOperations.PopCount((uint)(letters ^ _keyLetters[bucket[i]])) > 2 * max) continue;
            if (seen is not null && !seen.Add(bucket[i])) continue;
            var distance = NameForms.Distance(key, _keys[bucket[i]], max);
            if (distance <= max && distance > 0) found.Add((_keys[bucket[i]], distance));
        }
    }

    /// <summary>The letters (a–z) and digits a key uses, one bit each (digits share six bits).</summary>
    private static int LetterMask(string key)
    {
        var mask = 0;
        foreach (var c in key)
        {
            if (c is >= 'a' and <= 'z') mask |= 1 << (c - 'a');
            else if (char.IsAsciiDigit(c)) mask |= 1 << (26 + (c - '0') % 6);
        }
        return mask;
    }

    /// <summary>Builds the index: places first (entry index = row order), then one entry per first-level region.</summary>
    public static PlaceNames Build(IEnumerable<PlaceRow> places, IEnumerable<Admin1Region> regions, Exonyms exonyms)
    {
        var builder = new Builder();
        builder.AddPlaces(places as IReadOnlyList<PlaceRow> ?? places.ToList());
        return builder.Finish(regions, exonyms);
    }

    /// <summary>
    /// Builds the index from places given in batches, so that the rows read from the database need not all be held
    /// at once: each batch is folded on every core, then its keys are added on one thread.
    /// </summary>
    public sealed class Builder
    {
        private readonly KeyBuilder _keys = new();
        private List<PlaceEntry> _entries = new(210_000);
        private Dictionary<int, int> _entryByGeonameId = new(210_000);
        private Dictionary<string, string> _strings = new(StringComparer.Ordinal);

        private string Intern(string value) => _strings.TryGetValue(value, out var known) ? known : _strings[value] = value;

        public void AddPlaces(IReadOnlyList<PlaceRow> rows)
        {
            var folded = new (string Key, NameKind Kind)[rows.Count][];
            Parallel.For(0, rows.Count, i => folded[i] = FoldNames(rows[i]));
            for (var i = 0; i < rows.Count; i++)
            {
                var place = rows[i];
                var index = _entries.Count;
                _entries.Add(new PlaceEntry(place.GeonameId, place.Name, Intern(place.CountryCode),
                    place.Admin1Code is null ? null : Intern(place.Admin1Code), Intern(place.FeatureCode ?? "PPL"),
                    place.Latitude, place.Longitude, place.Population));
                _entryByGeonameId[place.GeonameId] = index;
                foreach (var (key, kind) in folded[i]) _keys.AddKey(key, index, kind);
            }
        }

        /// <summary>Adds the French exonyms and the regions, and freezes the index.</summary>
        public PlaceNames Finish(IEnumerable<Admin1Region> regions, Exonyms exonyms)
        {
            foreach (var exonym in exonyms.Places)
            {
                if (!_entryByGeonameId.TryGetValue(exonym.GeonameId, out var index)) continue;
                _keys.BeginEntry();
                _keys.Add(exonym.Exonym, index, NameKind.Exonym);
            }

            var regionNames = new Dictionary<(string, string), string>();
            var regionIndex = new Dictionary<(string, string), int>();
            var placeCount = _entries.Count;
            foreach (var region in regions)
            {
                regionNames[(region.CountryCode, region.Code)] = region.Name;
                regionIndex[(region.CountryCode, region.Code)] = _entries.Count;
                _entries.Add(new PlaceEntry(0, region.Name, Intern(region.CountryCode), Intern(region.Code),
                    PlaceEntry.RegionFeatureCode, double.NaN, double.NaN, 0));
                _keys.BeginEntry();
                _keys.Add(region.Name, _entries.Count - 1, NameKind.Name);
            }
            foreach (var name in exonyms.Regions)
            {
                if (!regionIndex.TryGetValue((name.CountryCode, name.Admin1Code), out var index)) continue;
                _keys.BeginEntry();
                _keys.Add(name.Name, index, NameKind.Exonym);
            }

            var entries = _entries.ToArray();
            // The building lists (about 20 MB) are let go before the keys are sorted, the build's peak.
            _entries = [];
            _entryByGeonameId = [];
            _strings = [];
            SummariseRegions(entries, placeCount, regionIndex);
            return _keys.Finish(entries, regionNames.ToFrozenDictionary());
        }
    }

    /// <summary>Airport and similar codes (« KRK », « WRO ») that GeoNames lists among alternate names.</summary>
    private static bool IsCode(string alternate) =>
        alternate.Length is >= 2 and <= 4 && alternate.All(char.IsAsciiLetterUpper);

    /// <summary>The folded keys of one place, each once with its best kind, plus their canonical forms.</summary>
    private static (string Key, NameKind Kind)[] FoldNames(PlaceRow place)
    {
        var keys = new List<(string Key, NameKind Kind)>(8);
        void Add(string name, NameKind kind)
        {
            var key = NameFolding.Fold(name);
            if (key.Length == 0 || Contains(keys, key)) return;
            keys.Add((key, kind));
            if (!NameForms.IsLatin(key)) return;
            var canonical = NameForms.Canonical(key);
            if (canonical != key && !Contains(keys, canonical)) keys.Add((canonical, NameKind.Canonical));
        }

        Add(place.Name, NameKind.Name);
        if (place.AsciiName is { Length: > 0 } ascii) Add(ascii, NameKind.Name);
        if (!string.IsNullOrEmpty(place.AlternateNames))
            foreach (var alternate in place.AlternateNames.Split(',', StringSplitOptions.RemoveEmptyEntries))
                if (!IsCode(alternate)) Add(alternate, NameKind.Alternate);
        return [.. keys];
    }

    private static bool Contains(List<(string Key, NameKind Kind)> keys, string key)
    {
        foreach (var (known, _) in keys)
            if (known == key) return true;
        return false;
    }

    /// <summary>A region's population is the sum of its places; its coordinates are those of its seat.</summary>
    private static void SummariseRegions(PlaceEntry[] entries, int placeCount, Dictionary<(string, string), int> regionIndex)
    {
        var population = new long[entries.Length];
        var seat = new int[entries.Length];
        Array.Fill(seat, -1);
        for (var i = 0; i < placeCount; i++)
        {
            var place = entries[i];
            if (place.Admin1Code is null || !regionIndex.TryGetValue((place.CountryCode, place.Admin1Code), out var region)) continue;
            population[region] += place.Population;
            if (seat[region] < 0 || SeatRank(place).CompareTo(SeatRank(entries[seat[region]])) > 0) seat[region] = i;
        }
        foreach (var region in regionIndex.Values)
        {
            var entry = entries[region];
            entries[region] = seat[region] < 0
                ? entry with { Population = population[region] }
                : entry with { Population = population[region], Latitude = entries[seat[region]].Latitude, Longitude = entries[seat[region]].Longitude };
        }
    }

    private static (int, long) SeatRank(PlaceEntry place) =>
        (place.FeatureCode is "PPLA" or "PPLC" ? 1 : 0, place.Population);

    /// <summary>Collects (key, posting) pairs, then sorts them into the compact arrays.</summary>
    private sealed class KeyBuilder
    {
        private const int SkeletonBlock = 32_768;

        // Sized for cities500 (about 730,000 distinct keys, 1.1 million postings): no growth, no garbage.
        private readonly Dictionary<string, int> _keyIds = new(800_000, StringComparer.Ordinal);
        private List<string> _keys = new(800_000);
        private long[] _pairs = new long[1_200_000];
        private int _pairCount;
        private readonly HashSet<string> _entryFolded = new(StringComparer.Ordinal);

        /// <summary>Starts the names of one entry: the same folded name is then indexed once for it.</summary>
        public void BeginEntry() => _entryFolded.Clear();

        public void Add(string name, int entry, NameKind kind)
        {
            var folded = NameFolding.Fold(name);
            if (folded.Length == 0 || !_entryFolded.Add(folded)) return;
            Add(folded, (entry << 2) | (int)kind);
            if (!NameForms.IsLatin(folded)) return;
            var canonical = NameForms.Canonical(folded);
            if (canonical != folded && _entryFolded.Add(canonical))
                Add(canonical, (entry << 2) | (int)NameKind.Canonical);
        }

        public void AddKey(string key, int entry, NameKind kind) => Add(key, (entry << 2) | (int)kind);

        private void Add(string key, int posting)
        {
            if (!_keyIds.TryGetValue(key, out var id))
            {
                id = _keys.Count;
                _keyIds[key] = id;
                _keys.Add(key);
            }
            if (_pairCount == _pairs.Length) Array.Resize(ref _pairs, _pairs.Length * 2);
            _pairs[_pairCount++] = ((long)id << 32) | (uint)posting;
        }

        public PlaceNames Finish(PlaceEntry[] entries, FrozenDictionary<(string, string), string> regionNames)
        {
            var keys = _keys.ToArray();
            _keys = [];
            var pairs = _pairs.AsSpan(0, _pairCount);
            pairs.Sort();

            // Postings: sorted by key, then entry, then kind: the first posting of an entry is its best kind.
            var offsets = new int[keys.Length + 1];
            var postings = new List<int>(_pairCount);
            var previousKey = -1;
            var previousEntry = -1;
            foreach (var pair in pairs)
            {
                var key = (int)(pair >> 32);
                var posting = (int)(uint)pair;
                if (key != previousKey)
                {
                    for (var k = previousKey + 1; k <= key; k++) offsets[k] = postings.Count;
                    previousKey = key;
                    previousEntry = -1;
                }
                if (EntryOf(posting) == previousEntry) continue;
                previousEntry = EntryOf(posting);
                postings.Add(posting);
            }
            for (var k = previousKey + 1; k <= keys.Length; k++) offsets[k] = postings.Count;
            var postingArray = postings.ToArray();
            _pairs = [];

            // Skeletons and country buckets, from the Latin-script keys.
            var skeletonIds = new Dictionary<string, int>(StringComparer.Ordinal);
            var skeletonPairs = new List<long>(keys.Length * 2);
            var byCountry = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            var latin = new List<int>(keys.Length);
            var countries = new HashSet<string>(StringComparer.Ordinal);
            // Skeletons are computed on every core a block of keys at a time: one met before is garbage as soon as its
            // block is indexed, rather than every skeleton (about 30 MB) held at once at the build's peak.
            var skeletons = new string?[Math.Min(SkeletonBlock, keys.Length)];
            for (var keyId = 0; keyId < keys.Length; keyId++)
            {
                if (keyId % SkeletonBlock == 0)
                {
                    var first = keyId;
                    Parallel.For(0, Math.Min(SkeletonBlock, keys.Length - first),
                        i => skeletons[i] = NameForms.IsLatin(keys[first + i]) ? NameForms.Skeleton(keys[first + i]) : null);
                }
                var key = keys[keyId];
                if (!NameForms.IsLatin(key)) continue;
                latin.Add(keyId);
                var span = postingArray.AsSpan(offsets[keyId], offsets[keyId + 1] - offsets[keyId]);
                countries.Clear();
                foreach (var posting in span)
                {
                    var country = entries[EntryOf(posting)].CountryCode;
                    if (countries.Add(country))
                    {
                        if (!byCountry.TryGetValue(country, out var list)) byCountry[country] = list = [];
                        list.Add(keyId);
                    }
                }
                if (skeletons[keyId % SkeletonBlock] is not { } skeleton) continue;
                if (!skeletonIds.TryGetValue(skeleton, out var skeletonId))
                    skeletonIds[skeleton] = skeletonId = skeletonIds.Count;
                foreach (var posting in span) skeletonPairs.Add(((long)skeletonId << 32) | (uint)EntryOf(posting));
            }
            skeletonPairs.Sort();
            var skeletonOffsets = new int[skeletonIds.Count + 1];
            var skeletonEntries = new List<int>(skeletonPairs.Count);
            var previousSkeleton = -1;
            var previousSkeletonEntry = -1;
            foreach (var pair in skeletonPairs)
            {
                var skeleton = (int)(pair >> 32);
                var entry = (int)(uint)pair;
                if (skeleton != previousSkeleton)
                {
                    for (var s = previousSkeleton + 1; s <= skeleton; s++) skeletonOffsets[s] = skeletonEntries.Count;
                    previousSkeleton = skeleton;
                    previousSkeletonEntry = -1;
                }
                if (entry == previousSkeletonEntry) continue;
                previousSkeletonEntry = entry;
                skeletonEntries.Add(entry);
            }
            for (var s = previousSkeleton + 1; s <= skeletonIds.Count; s++) skeletonOffsets[s] = skeletonEntries.Count;

            var keysByCountry = byCountry.ToFrozenDictionary(p => p.Key, p => ByLength(p.Value, keys), StringComparer.Ordinal);
            var byPrefix = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            foreach (var keyId in latin)
            {
                var prefix = keys[keyId].Length >= 2 ? keys[keyId][..2] : keys[keyId];
                if (!byPrefix.TryGetValue(prefix, out var list)) byPrefix[prefix] = list = [];
                list.Add(keyId);
            }
            var keysByPrefix = byPrefix.ToFrozenDictionary(p => p.Key, p => ByLength(p.Value, keys), StringComparer.Ordinal);

            return new PlaceNames(entries, _keyIds, keys, offsets, postingArray, skeletonIds, skeletonOffsets,
                skeletonEntries.ToArray(), keysByCountry, keysByPrefix, regionNames);
        }

        private static int[] ByLength(List<int> keyIds, string[] keys)
        {
            var ids = keyIds.ToArray();
            var lengths = Array.ConvertAll(ids, id => keys[id].Length);
            Array.Sort(lengths, ids);
            return ids;
        }
    }
}
