using System.Runtime;
using System.Text;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Imports;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;
using Spectre.Console;

namespace CityDiplomacy.Cli;

/// <summary>
/// « import twinnings »: a national twinning directory (Wikipedia's CSV, Wikidata P190 as TSV or SPARQL JSON, or
/// straight from a Wikidata endpoint) into the registers of every commune it names. Prints a summary (and a progress
/// bar on a terminal); « --report » writes the whole report as JSON. Exit 0 when it ran (pairs may be unmatched or
/// unresolved), 1 when the file is wrong or the endpoint unreachable: then nothing is written.
/// </summary>
internal static class ImportTwinningsVerb
{
    private const int PlainProgressEvery = 5000;
    private const int ListedInSummary = 20;

    public static IReadOnlyList<CliOption> Options(IReadOnlyList<CliOption> common) =>
    [
        new("--format", "wikidata-tsv|wikidata-json|wikipedia-csv", "Format du fichier --file."),
        new("--file", "F", "Annuaire à importer : résultats Wikidata P190 (TSV ou JSON SPARQL) ou liste Wikipédia des villes jumelles (CSV)."),
        new("--from-wikidata", null, "Interroge Wikidata (requête P190) au lieu de lire un fichier."),
        new("--endpoint", "URL", $"Point d'accès SPARQL (défaut {WikidataOptions.DefaultEndpoint} ; aussi Wikidata__Endpoint)."),
        new("--timeout", "S", "Délai d'une tentative auprès du point d'accès, en secondes (défaut 90 ; 3 nouvelles tentatives espacées)."),
        new("--retries", "N", "Nouvelles tentatives après un échec réseau, un délai dépassé, 429 ou 5xx (défaut 3, attente doublée à chaque fois)."),
        new("--dry-run", null, "Analyse et rapporte sans rien enregistrer."),
        new("--report", "report.json", "Écrit le rapport complet en JSON (paires, communes, partenaires, doublons fusionnés, non appariées…)."),
        .. common,
    ];

    public static async Task<int> RunAsync(CliInvocation invocation)
    {
        var output = invocation.Output;
        var dryRun = invocation.Flag("--dry-run");
        DirectoryFile file;
        if (invocation.Flag("--from-wikidata"))
        {
            if (invocation.Value("--file") is not null)
                throw new CliUsageException("import twinnings : --from-wikidata et --file s'excluent");
            var options = WikidataOptions.FromConfiguration(Verbs.Configuration(invocation));
            if (invocation.Value("--endpoint") is { } endpoint) options = options with { Endpoint = endpoint };
            if (invocation.Value("--timeout") is { } timeout)
            {
                if (!double.TryParse(timeout, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                    || seconds <= 0)
                    throw new CliUsageException($"import twinnings : --timeout « {timeout} » n'est pas un nombre de secondes positif");
                options = options with { TimeoutSeconds = seconds };
            }
            if (invocation.Value("--retries") is { } retriesText)
            {
                if (!int.TryParse(retriesText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var retries))
                    throw new CliUsageException($"import twinnings : --retries « {retriesText} » n'est pas un nombre entier positif ou nul");
                options = options with { Retries = retries };
            }
            output.WriteLine($"Interrogation de {options.Endpoint} (requête P190)…");
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var (json, attempts) = await new WikidataConnector(http, options).FetchAsync();
            output.WriteLine($"Réponse reçue ({json.Length / 1024.0:0} Kio, {attempts} tentative{(attempts > 1 ? "s" : "")}).");
            file = TwinningDirectory.Parse(options.Endpoint, DirectoryFormat.WikidataJson, json,
                TwinningDirectory.SourceNameFor(DirectoryFormat.WikidataJson, new Uri(options.Endpoint).Host));
        }
        else
        {
            var path = invocation.Value("--file")
                ?? throw new CliUsageException("import twinnings : --file F (avec --format) ou --from-wikidata est obligatoire");
            var formatText = invocation.Value("--format")
                ?? throw new CliUsageException("import twinnings : --format wikidata-tsv|wikidata-json|wikipedia-csv est obligatoire avec --file");
            var format = TwinningDirectory.ParseFormat(formatText)
                ?? throw new CliUsageException($"import twinnings : --format « {formatText} » inconnu : wikidata-tsv, wikidata-json ou wikipedia-csv");
            file = TwinningDirectory.Read(path, format);
        }
        output.WriteLine($"{file.Path} : {file.Pairs.Count} paires ; source « {file.SourceName} », licence {file.Licence}.");

        await using var db = new AppDbFactory(Verbs.DatabaseOptions(invocation)).Create();
        await DataSetup.MigrateAsync(db);
        if (!await ReferenceLoader.IsCurrentAsync(db, ReferenceSource.Embedded))
        {
            output.WriteLine("Chargement des données de référence…");
            await new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded);
        }
        // A batch job: no background collections, which let the heap grow while they run (measured: about 30 MB
        // less at the index build's peak). Process-wide, so put back afterwards: the verb also runs inside other
        // processes (the tests); the server never runs it.
        var latency = GCSettings.LatencyMode;
        GCSettings.LatencyMode = GCLatencyMode.Batch;
        DirectoryImportReport report;
        try
        {
            var (plan, index) = await PlanAsync(db, file, invocation);
            // The resolver's index (about 160 MB) is reclaimed, and handed back to the system, before the write: the
            // import's peak memory is then the index build's, not the index's plus the write's. The plan's last step
            // ran inside the frames of the index build (its database read resumed them), which hold the index until
            // they return: resume from the thread pool instead, and give that thread a moment to return.
            await Task.Yield();
            for (var attempt = 0; attempt < 50; attempt++)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
                if (!index.IsAlive) break;
                await Task.Delay(10);
            }
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            if (dryRun) report = plan.Report;
            else
            {
                using (AuditActor.Use("cli", "import"))
                    report = await TwinningDirectoryImport.WriteAsync(db, plan);
            }
        }
        finally
        {
            GCSettings.LatencyMode = latency;
        }

        WriteSummary(output, report);
        if (report.Written && report.TwinningsCreated + report.DuplicatesMerged > 0)
        {
            await ScreenVerb.ScreenAfterWriteAsync(db, invocation, Screening.ScreeningScope.All);
        }
        if (invocation.Value("--report") is { } reportPath)
        {
            try { await File.WriteAllTextAsync(reportPath, report.ToJson(), new UTF8Encoding(false)); }
            catch (UnauthorizedAccessException) { throw new IOException($"{reportPath} : impossible d'écrire le rapport (droits d'accès)."); }
            output.WriteLine($"Rapport : {reportPath}");
        }
        if (dryRun) output.WriteLine("Simulation (--dry-run) : rien n'a été enregistré.");
        return 0;
    }

    /// <summary>
    /// Matches and resolves every pair, with a progress bar on a terminal; the resolver lives only here (the weak
    /// reference tells the caller when it is gone).
    /// </summary>
    private static async Task<(DirectoryImportPlan Plan, WeakReference Index)> PlanAsync(AppDb db, DirectoryFile file, CliInvocation invocation)
    {
        var resolver = await PlaceResolver.LoadAsync(db);
        var index = new WeakReference(resolver);
        var communes = await FrenchCommunes.LoadAsync(db, resolver);
        var import = new TwinningDirectoryImport(db, resolver, communes);
        // The index build leaves a few hundred megabytes of garbage: reclaimed and handed back to the system now.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (Interactive(invocation))
        {
            return (await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("jumelages", maxValue: Math.Max(1, file.Pairs.Count));
                    return await import.PlanAsync(file, new Progress(n => task.Value = n));
                }), index);
        }
        var output = invocation.Output;
        return (await import.PlanAsync(file, new Progress(n =>
        {
            if (n % PlainProgressEvery == 0) output.WriteLine($"jumelages : {n}/{file.Pairs.Count} paires");
        })), index);
    }

    private static void WriteSummary(TextWriter output, DirectoryImportReport report)
    {
        output.WriteLine($"{report.PairsRead} paires lues : {report.SkippedNotFrench} sans ville française, " +
                         $"{report.FrenchCommunesMatched} avec la commune française trouvée ({report.DistinctCommunes} communes), " +
                         $"{report.Unmatched.Count} sans commune, {report.PartnersResolved} partenaires résolus, " +
                         $"{report.PartnersFromSourceCoordinates} situés d'après les coordonnées de la source, {report.Unresolved.Count} non résolus.");
        output.WriteLine($"Jumelages {(report.Written ? "créés" : "à créer")} : {report.TwinningsCreated} ; doublons fusionnés : {report.DuplicatesMerged} ; " +
                         $"inchangés : {report.Unchanged} ; saisis par la commune, conservés : {report.KeptCommuneEntries}.");
        foreach (var group in report.Unmatched.GroupBy(u => u.Reason))
            output.WriteLine($"  sans commune ({group.Key}) : {group.Count()}");
        foreach (var unmatched in report.Unmatched.Take(ListedInSummary))
            output.WriteLine($"  ligne {unmatched.Line} : {unmatched.Explanation}");
        foreach (var unresolved in report.Unresolved.Take(ListedInSummary))
            output.WriteLine($"  ligne {unresolved.Line} non résolue : « {unresolved.Query} »" +
                             (unresolved.Country is null ? "" : $" ({unresolved.Country})") +
                             (unresolved.Candidates.Count == 0 ? ", aucun candidat"
                                 : ", candidats : " + string.Join(", ", unresolved.Candidates.Take(3).Select(c => $"{c.Name} ({c.CountryCode}, {c.GeonameId})"))));
        var more = Math.Max(0, report.Unmatched.Count - ListedInSummary) + Math.Max(0, report.Unresolved.Count - ListedInSummary);
        if (more > 0) output.WriteLine($"  … et {more} autres : voir le rapport JSON (--report).");
    }

    /// <summary>Reports synchronously on the importing thread (no thread-pool hop per pair).</summary>
    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private static bool Interactive(CliInvocation invocation) =>
        ReferenceEquals(invocation.Output, Console.Out) && !Console.IsOutputRedirected
        && AnsiConsole.Profile.Capabilities.Interactive;
}
