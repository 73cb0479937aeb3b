using System.Text;
using CityDiplomacy.Auditing;
using CityDiplomacy.Campaigns;
using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Cli;

/// <summary>
/// « campaign import-lists --campaign SLUG --file F »: the candidate lists of a campaign, from the Ministry of the Interior's
/// candidatures file or a simple « commune;liste;tete_de_liste » file. Idempotent; bad lines are named. Exit 0 when it ran
/// (lines may be refused), 1 when the file or the campaign is wrong.
/// </summary>
internal static class CampaignVerb
{
    public static IReadOnlyList<CliOption> Options(IReadOnlyList<CliOption> common) =>
    [
        new("--campaign", "SLUG", "La campagne (par ex. diplomatie-des-villes-2026)."),
        new("--file", "F", "Fichier des candidatures du ministère de l'Intérieur (« ; », UTF-8 ou Windows-1252) ou fichier simple commune;liste;tete_de_liste[;panneau]."),
        new("--dry-run", null, "Analyse et rapporte sans rien enregistrer."),
        new("--report", "report.json", "Écrit le rapport en JSON (listes créées, mises à jour, inchangées, lignes refusées)."),
        .. common,
    ];

    public static async Task<int> ImportListsAsync(CliInvocation invocation)
    {
        var slug = invocation.Value("--campaign") ?? throw new CliUsageException("campaign import-lists : --campaign SLUG est obligatoire");
        var path = invocation.Value("--file") ?? throw new CliUsageException("campaign import-lists : --file F est obligatoire");
        var file = CandidateListImport.Read(path);
        var output = invocation.Output;
        output.WriteLine($"{path} : format {file.Format}, {file.EncodingName}, {file.DataLines} lignes de données, {file.Lists.Count} listes.");

        await using var db = new AppDbFactory(Verbs.DatabaseOptions(invocation)).Create();
        await DataSetup.MigrateAsync(db);
        if (!await ReferenceLoader.IsCurrentAsync(db, ReferenceSource.Embedded))
        {
            output.WriteLine("Chargement des données de référence…");
            await new ReferenceLoader(db, TimeProvider.System).LoadAsync(ReferenceSource.Embedded);
        }
        await CampaignTemplate.SeedAsync(db, TimeProvider.System.GetUtcNow().UtcDateTime);
        var campaign = await CampaignsApi.FindAsync(db, slug, CancellationToken.None)
                       ?? throw new InvalidDataException($"Aucune campagne n'a le slug « {slug} » ; rien n'a été importé.");
        CandidateListImportReport report;
        using (AuditActor.Use("cli"))
            report = await CandidateListImport.ImportAsync(db, campaign, file, invocation.Flag("--dry-run"), TimeProvider.System.GetUtcNow().UtcDateTime);

        output.WriteLine($"{campaign.Title} : {report.Created} listes {(report.Written ? "créées" : "à créer")}, {report.Updated} mises à jour, " +
                         $"{report.Unchanged} inchangées, {report.Errors.Count} lignes refusées.");
        foreach (var error in report.Errors)
            output.WriteLine($"  ligne {error.Line} refusée ({error.Field}) : {error.Message}");
        if (invocation.Value("--report") is { } reportPath)
        {
            try { await File.WriteAllTextAsync(reportPath, report.ToJson(), new UTF8Encoding(false)); }
            catch (UnauthorizedAccessException) { throw new IOException($"{reportPath} : impossible d'écrire le rapport (droits d'accès)."); }
            output.WriteLine($"Rapport : {reportPath}");
        }
        if (invocation.Flag("--dry-run")) output.WriteLine("Simulation (--dry-run) : rien n'a été enregistré.");
        return 0;
    }
}
