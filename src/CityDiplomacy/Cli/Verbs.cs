using CityDiplomacy.Data;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Cli;

/// <summary>The verbs of the executable.</summary>
public static class Verbs
{
    public const string DefaultVerb = "serve";

    private static readonly CliOption DataDir = new("--data-dir", "DIR",
        "Dossier des données (base SQLite…) ; défaut ./.citydiplomacy/ ou CITYDIPLOMACY_DATA_DIR.");
    private static readonly CliOption Database = new("--database", "sqlite|postgres",
        "Moteur de base de données (défaut sqlite ; aussi Database__Provider).");
    private static readonly CliOption ConnectionString = new("--connection-string", "CS",
        "Chaîne de connexion (obligatoire pour postgres ; aussi ConnectionStrings__Default).");
    private static readonly CliOption[] Common = [DataDir, Database, ConnectionString];

    public static IReadOnlyList<CliVerb> All { get; } =
    [
        new("serve", "Sert l'application web et l'API JSON (défaut : http://127.0.0.1:5080).",
            [new("--urls", "URL", "Adresse(s) d'écoute, séparées par « ; »."),
             new("--no-demo", null, "Ne charge pas les données de démonstration sur une base sans engagement."),
             new("--no-directory", null, "Ne charge pas l'annuaire national des jumelages sur une base sans engagement."),
             new("--no-migrate", null, "Ne prépare pas la base (voir « migrate ») : refuse de démarrer si elle n'est pas à jour."), .. Common],
            ServeVerb.RunAsync, ServeVerb.ConfigurationRoots),
        new("migrate", "Prépare la base de données comme au démarrage (migrations, référentiels, catalogues…) : étape de déploiement.",
            [new("--no-demo", null, "Ne charge pas les données de démonstration sur une base sans engagement."),
             new("--no-directory", null, "Ne charge pas l'annuaire national des jumelages sur une base sans engagement."), .. Common],
            MigrateVerb.RunAsync),
        new("reference load", "Charge ou met à jour les données de référence (communes, pays, lieux GeoNames).",
            [new("--from", "DIR", "Charge un dossier organisé comme data/reference au lieu des données intégrées."), .. Common],
            ReferenceVerbs.LoadAsync),
        new("reference status", "Indique les versions de données de référence chargées et livrées.",
            Common, ReferenceVerbs.StatusAsync),
        new("resolve", "Résout en lieux GeoNames les partenaires d'un CSV (colonnes query et, facultative, country).",
            [new("--input", "IN.csv", "CSV d'entrée : séparateur « ; », « , » ou tabulation, UTF-8 avec ou sans BOM."),
             new("--output", "OUT.csv", "CSV de sortie : chaque ligne d'entrée, puis geonameId, name, countryCode, latitude, longitude, score."),
             .. Common],
            ResolveVerb.RunAsync),
        new("import engagements", "Importe le registre d'une commune depuis l'export CSV de sa mairie (jumelages, partenariats…).",
            ImportVerb.Options(Common), ImportVerb.RunAsync),
        new("evidence import", "Importe un fichier de preuves : indicateurs V-Dem, Freedom House ou génériques, alertes locales, statuts territoriaux.",
            EvidenceVerb.Options(Common), EvidenceVerb.RunAsync, Positional: "--file"),
        new("demo generate", "Génère un registre de démonstration à l'échelle nationale (jumelages, coopérations…), étiqueté comme tel.",
            DemoVerb.Options(Common), DemoVerb.RunAsync),
        new("import twinnings", "Importe un annuaire national des jumelages (Wikipédia, Wikidata P190) dans les registres des communes.",
            ImportTwinningsVerb.Options(Common), ImportTwinningsVerb.RunAsync),
        new("directory load", "Charge ou met à jour l'annuaire national des jumelages livré (Wikipédia…) : statut « signalé », provenance « annuaire ».",
            [new("--from", "DIR", "Charge un dossier organisé comme data/directory au lieu de l'annuaire intégré."),
             new("--report", "report.json", "Écrit les rapports d'import complets en JSON."), .. Common],
            DirectoryVerbs.LoadAsync),
        new("directory status", "Indique les versions de l'annuaire national chargées et livrées (code 3 si pas à jour).",
            [new("--from", "DIR", "Compare avec un dossier organisé comme data/directory au lieu de l'annuaire intégré."), .. Common],
            DirectoryVerbs.StatusAsync),
        new("screen", "Passe les engagements au crible des règles de veille droits humains et affiche les signalements.",
            ScreenVerb.Options(Common), ScreenVerb.RunAsync),
        new("campaign import-lists", "Importe les listes candidates d'une campagne (fichier du ministère de l'Intérieur ou commune;liste;tete_de_liste).",
            CampaignVerb.Options(Common), CampaignVerb.ImportListsAsync),
        .. UsersVerbs.All(Common),
        .. BackupVerbs.All(Common),
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader? input = null)
    {
        CliVerb? verb;
        Dictionary<string, List<string>> values;
        try
        {
            (verb, values) = CommandLine.Parse(All, DefaultVerb, args);
        }
        catch (CliUsageException e)
        {
            await error.WriteLineAsync("CityDiplomacy : " + e.Message);
            return 2;
        }
        if (verb is null)
        {
            CommandLine.WriteHelp(output, All, DefaultVerb);
            return 0;
        }
        var invocation = new CliInvocation(verb, values, output, error, input);
        if (invocation.Flag("--help"))
        {
            CommandLine.WriteHelp(output, verb);
            return 0;
        }
        if (verb.Name == DefaultVerb)
            return await verb.Run(invocation); // the web host reports its own failures, and tests intercept its build

        try
        {
            return await verb.Run(invocation);
        }
        catch (Exception e) when (e is CliUsageException or InvalidOperationException or InvalidDataException or IOException
                                       or System.Data.Common.DbException)
        {
            await error.WriteLineAsync($"CityDiplomacy {verb.Name} : {e.Message}");
            return 1;
        }
    }

    /// <summary>Settings for verbs that run without the web host: appsettings, environment, then the command line.</summary>
    internal static IConfiguration Configuration(CliInvocation invocation) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(invocation.ConfigurationOverrides())
            .Build();

    /// <summary>
    /// The « open the database » step of the verbs that read or write the register: migrations, the shipped reference
    /// data when missing or older, then the screening that a write killed before it left pending. Writes through the
    /// returned context are screened after their save (<see cref="Screening.ScreeningDispatcher"/>).
    /// </summary>
    /// <param name="quiet">Say nothing (a verb whose output is a document).</param>
    internal static async Task<AppDb> OpenDatabaseAsync(CliInvocation invocation, bool quiet = false)
    {
        var rules = Screening.ScreeningRules.FromConfiguration(Configuration(invocation));
        var db = new AppDbFactory(DatabaseOptions(invocation), screening: rules).Create();
        try
        {
            await DataSetup.MigrateAsync(db);
            if (!await ReferenceLoader.IsCurrentAsync(db, ReferenceSource.Embedded))
            {
                if (!quiet) await invocation.Output.WriteLineAsync("Chargement des données de référence…");
                await new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded);
            }
            IReadOnlyList<Screening.ScreeningOutcome> pending;
            using (Auditing.AuditActor.Use("cli", "screen"))
                pending = await new Screening.ScreeningService(db, rules, TimeProvider.System).ScreenPendingAsync();
            if (pending.Count > 0 && !quiet)
                await invocation.Output.WriteLineAsync(
                    $"Veille interrompue reprise : {pending.Sum(o => o.New.Count)} nouveaux signalements, " +
                    $"{pending.Sum(o => o.Changed.Count)} modifiés, {pending.Sum(o => o.Resolved.Count)} résolus.");
            return db;
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    internal static DatabaseOptions DatabaseOptions(CliInvocation invocation)
    {
        var options = Data.DatabaseOptions.FromConfiguration(Configuration(invocation));
        if (invocation.Value("--database") is { } provider && Data.DatabaseOptions.ParseProvider(provider) is null)
            throw new CliUsageException($"--database « {provider} » inconnu : sqlite ou postgres");
        return options;
    }
}
