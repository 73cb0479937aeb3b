using System.Globalization;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Demo;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;

namespace CityDiplomacy.Cli;

/// <summary>« demo generate »: a labelled, deterministic national register for demonstrations and benchmarks.</summary>
internal static class DemoVerb
{
    public static IReadOnlyList<CliOption> Options(IReadOnlyList<CliOption> common) =>
    [
        new("--scale", "national|sample", "national : ~30 000 jumelages et ~10 000 autres engagements ; sample : 300 et 100 (défaut national)."),
        new("--twinnings", "N", "Nombre de jumelages (remplace celui de l'échelle)."),
        new("--others", "N", "Nombre d'autres engagements (remplace celui de l'échelle)."),
        new("--seed", "N", $"Graine du tirage : même graine, mêmes données (défaut {NationalDemo.DefaultSeed})."),
        new("--force", null, "Génère même si la base contient déjà des engagements (les données générées restent étiquetées)."),
        .. common,
    ];

    public static async Task<int> RunAsync(CliInvocation invocation)
    {
        var scaleName = invocation.Value("--scale") ?? DemoScale.National.Name;
        var scale = DemoScale.Parse(scaleName) ?? throw new CliUsageException($"demo generate : --scale « {scaleName} » inconnue : national ou sample");
        var options = new NationalDemoOptions(
            Count(invocation, "--twinnings") ?? scale.Twinnings,
            Count(invocation, "--others") ?? scale.Others,
            Count(invocation, "--seed") ?? NationalDemo.DefaultSeed,
            invocation.Flag("--force"));

        var output = invocation.Output;
        await using var db = new AppDbFactory(Verbs.DatabaseOptions(invocation)).Create();
        await DataSetup.MigrateAsync(db);
        if (!await ReferenceLoader.IsCurrentAsync(db, ReferenceSource.Embedded))
        {
            output.WriteLine("Chargement des données de référence…");
            await new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded);
        }
        NationalDemoReport report;
        using (AuditActor.Use(DemoData.Actor))
        {
            await CatalogueSeeder.SeedAsync(db);
            report = await NationalDemo.GenerateAsync(db, options, output.WriteLine);
        }
        output.WriteLine($"Démonstration générée (graine {options.Seed}) : {report.Twinnings} jumelages et {report.Others} autres engagements " +
                         $"parmi {report.Communes} communes, en {report.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s. " +
                         $"Chaque engagement porte la source « {NationalDemo.SourceName} » et un intitulé commençant par « {NationalDemo.TitlePrefix.Trim()} ».");
        return 0;
    }

    private static int? Count(CliInvocation invocation, string option)
    {
        if (invocation.Value(option) is not { } text) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CliUsageException($"demo generate : {option} « {text} » n'est pas un nombre entier positif");
    }
}
