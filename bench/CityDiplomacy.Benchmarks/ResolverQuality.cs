using System.Diagnostics;
using System.Globalization;
using CityDiplomacy.Data;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Benchmarks;

/// <summary>
/// « quality »: the resolver's accuracy on the gold sets, beside the naive baseline, with the classes of error that
/// remain and examples of each. A console report, not a BenchmarkDotNet run: accuracy is counted, not timed.
/// </summary>
internal static class ResolverQuality
{
    private const int ExamplesPerClass = 8;

    public static async Task<int> RunAsync()
    {
        var data = GoldSets.DataDirectory();
        if (data is null)
        {
            Console.WriteLine("Rapport de qualité ignoré : ../shared/data (jeux de référence des tests) est absent à côté du dépôt.");
            return 0;
        }
        var gold = GoldSets.Read(data);

        Console.WriteLine("Base SQLite temporaire et données de référence…");
        using var database = BenchDatabase.CreateMigrated(DatabaseProvider.Sqlite);
        await using (var db = database.Factory.Create())
            await new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded);

        var (resolver, oursSeconds, oursBytes) = await MeasureAsync(async () =>
        {
            await using var db = database.Factory.Create();
            return await PlaceResolver.LoadAsync(db);
        });
        var (naive, naiveSeconds, naiveBytes) = await MeasureAsync(async () =>
        {
            await using var db = database.Factory.Create();
            return await NaiveResolver.LoadAsync(db);
        });
        // First builds in the process, JIT included: BenchmarkDotNet (ResolverBenchmarks) gives the steady figures.
        Console.WriteLine($"Index du résolveur : {oursSeconds:0.00} s (premier appel), {oursBytes / 1048576.0:0} Mo retenus, " +
                          $"{resolver.Names.Entries.Length} lieux et régions, {resolver.Names.KeyCount} noms pliés.");
        Console.WriteLine($"Index naïf : {naiveSeconds:0.00} s (premier appel), {naiveBytes / 1048576.0:0} Mo retenus.");
        Console.WriteLine();

        var outcomes = gold.Select(q => Judge(q, resolver, naive)).ToList();
        Console.WriteLine($"{"jeu",-34}{"lignes",8}{"résolveur",12}{"naïf",10}");
        Report("exonymes français (10 km)", outcomes.Where(o => o.Query.Set == GoldSets.Exonyms).ToList());
        Report("partenaires Wikidata (25 km)", outcomes.Where(o => o.Query.Set == GoldSets.Wikidata).ToList());
        Report("  dont hors France", outcomes.Where(o => o.Query.Set == GoldSets.Wikidata && o.Query.Country != "France").ToList());
        Console.WriteLine();

        Console.WriteLine("Réponses du résolveur par type de correspondance (justes / fausses) :");
        foreach (var group in outcomes.Where(o => o.MatchKind is not null).GroupBy(o => (o.Query.Set, o.MatchKind)).OrderBy(g => g.Key))
            Console.WriteLine($"  {group.Key.Set,-10} {group.Key.MatchKind,-28} {group.Count(o => o.Right),5} / {group.Count(o => !o.Right)}");
        Console.WriteLine();

        var failures = outcomes.Where(o => !o.Right).ToList();
        Console.WriteLine($"Erreurs restantes du résolveur : {failures.Count} — par classe :");
        foreach (var group in failures.GroupBy(o => o.ErrorClass).OrderByDescending(g => g.Count()))
        {
            Console.WriteLine($"  {group.Key} : {group.Count()}");
            foreach (var outcome in group.Take(ExamplesPerClass))
                Console.WriteLine($"      [{outcome.Query.Set}] « {outcome.Query.Query} » ({outcome.Query.Country}) → {outcome.Description}");
        }
        return 0;
    }

    private static async Task<(T Value, double Seconds, long RetainedBytes)> MeasureAsync<T>(Func<Task<T>> build)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var stopwatch = Stopwatch.StartNew();
        var value = await build();
        stopwatch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(value);
        return (value, stopwatch.Elapsed.TotalSeconds, after - before);
    }

    private static void Report(string label, List<Outcome> outcomes)
    {
        if (outcomes.Count == 0) return;
        var ours = outcomes.Count(o => o.Right) / (double)outcomes.Count;
        var naive = outcomes.Count(o => o.NaiveRight) / (double)outcomes.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-34}{outcomes.Count,8}{ours,11:P1} {naive,9:P1}"));
    }

    private sealed record Outcome(GoldQuery Query, bool Right, bool NaiveRight, string ErrorClass, string Description, string? MatchKind = null);

    /// <summary>The kind of match, from the start of the candidate's reason (« nom exact », « exonyme français »…).</summary>
    private static string MatchKindOf(PlaceCandidate candidate)
    {
        var quote = candidate.Reason.IndexOf('«');
        return quote > 0 ? candidate.Reason[..quote].Trim() : candidate.Reason;
    }

    private static Outcome Judge(GoldQuery query, PlaceResolver resolver, NaiveResolver naive)
    {
        var resolution = resolver.Resolve(query.Query, query.Country, limit: 10);
        var expected = new GeoPoint(query.Latitude, query.Longitude);
        double? Km(PlaceCandidate c) => c.Latitude is { } la && c.Longitude is { } lo ? expected.DistanceKm(la, lo) : null;
        bool Near(PlaceCandidate c) => Km(c) <= query.ToleranceKm;

        var naivePlace = naive.Resolve(query.Query, query.Country);
        var naiveRight = naivePlace is not null && expected.DistanceKm(naivePlace.Latitude, naivePlace.Longitude) <= query.ToleranceKm;

        if (resolution.Best is { } best)
        {
            if (Near(best)) return new Outcome(query, true, naiveRight, "", "", MatchKindOf(best));
            var errorClass = best.Kind == PlaceCandidate.RegionKind
                ? "résolu en région au lieu d'un lieu"
                : resolution.Candidates.Skip(1).Any(Near)
                    ? "résolu ailleurs, le bon lieu était un autre candidat"
                    : "résolu ailleurs, le bon lieu n'est pas candidat";
            var where = Km(best) is { } km ? $"à {km:0} km" : "sans coordonnées";
            return new Outcome(query, false, naiveRight, errorClass,
                $"{best.Name} {best.CountryCode} {where} ({best.Reason}; attendu {query.Expected})", MatchKindOf(best));
        }
        var right = resolution.Candidates.FirstOrDefault(Near);
        var unresolvedClass = resolution.Country is null && !string.IsNullOrWhiteSpace(query.Country)
            ? "non résolu : pays non reconnu"
            : right is null ? resolution.Candidates.Count > 0 ? "non résolu : candidats, aucun n'est le bon" : "non résolu : aucun candidat"
            : right != resolution.Candidates[0] ? "non résolu : le bon lieu est un candidat suivant"
            : right.Score < PlaceResolver.Threshold ? "non résolu : le bon lieu est 1er candidat, sous le seuil"
            : "non résolu : le bon lieu est 1er candidat, un autre le talonne (ambiguïté)";
        var first = resolution.Candidates.FirstOrDefault();
        return new Outcome(query, false, naiveRight, unresolvedClass,
            first is null ? "aucun candidat" : $"1er candidat {first.Name} {first.CountryCode} {first.Score:0.000} ({first.Reason})");
    }
}
