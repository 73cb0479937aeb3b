using CityDiplomacy.Engagements;

namespace CityDiplomacy.OpenData;

/// <summary>
/// The Socle commun des données locales (schema.data.gouv.fr) files the register can fill honestly:
/// « Délibérations » (scdl/deliberations 2.0) and « Subventions » (scdl/subventions 2.1.1). A cell the register
/// does not know stays empty; nothing is guessed.
/// </summary>
public static class ScdlExports
{
    private static readonly ExportScope[] AllScopes = [ExportScope.Commune, ExportScope.Country, ExportScope.Nation];

    public static readonly string[] DeliberationColumns =
    [
        "COLL_NOM", "COLL_SIRET", "DELIB_ID", "DELIB_DATE", "DELIB_MATIERE_CODE", "DELIB_MATIERE_NOM", "DELIB_OBJET",
        "BUDGET_ANNEE", "BUDGET_NOM", "PREF_ID", "PREF_DATE", "VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE",
        "VOTE_ABSTENTION", "DELIB_URL",
    ];

    public static readonly string[] SubventionColumns =
    [
        "nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire", "idBeneficiaire",
        "rnaBeneficiaire", "objet", "montant", "nature", "conditionsVersement", "datesPeriodeVersement", "idRAE",
        "notificationUE", "pourcentageSubvention", "dispositifAide",
    ];

    public static void Register(OpenDataRegistry registry) => registry
        .Add(new("deliberations-scdl.csv", "text/csv; charset=utf-8", "CSV SCDL", "Délibérations du conseil municipal",
            "Schéma SCDL « Délibérations » 2.0 (scdl/deliberations) : une ligne par délibération rattachée à un engagement public.", AllScopes,
            (context, output, ct) => TableWriters.WriteCsvAsync(new(DeliberationColumns, DeliberationRowsAsync(context, ct)), context.Separator, output, ct)))
        .Add(new("subventions-scdl.csv", "text/csv; charset=utf-8", "CSV SCDL", "Subventions de coopération décentralisée",
            "Schéma SCDL « Subventions » 2.1.1 (scdl/subventions) : une ligne par ligne budgétaire financée par la commune d'un projet de coopération public.", AllScopes,
            (context, output, ct) => TableWriters.WriteCsvAsync(new(SubventionColumns, SubventionRowsAsync(context, ct)), context.Separator, output, ct)));

    /// <summary>
    /// One row per deliberation. The register keeps the act's number, date, subject, votes and address; the ACTES
    /// subject code, the budget, the prefecture's receipt and the council's size are not kept, so they stay empty.
    /// COLL_SIRET stays empty too: the register knows the commune's SIREN, not the SIRET of its town hall.
    /// </summary>
    private static async IAsyncEnumerable<object?[]> DeliberationRowsAsync(ExportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in PublicRegister.ReadAsync(context.Db, context.Request, cancellationToken))
        {
            foreach (var d in e.Deliberations)
            {
                yield return
                [
                    e.Commune.Name, null, d.Reference, d.Date, null, null, d.Subject ?? e.Title,
                    null, null, null, null, null, null, d.VotesFor, d.VotesAgainst, d.Abstentions, d.Url,
                ];
            }
        }
    }

    /// <summary>
    /// One row per budget line a public cooperation project has from the commune itself (the grants the commune
    /// decides). The beneficiary is named only when the project has a single partner, which then receives the whole
    /// grant (pourcentageSubvention 1, the beneficiary's share of the grant); otherwise the register does not say who
    /// receives the money and both cells stay empty. The nature is « aide en numéraire » (an amount in euros). The
    /// payment conditions and dates and the EU notification are not kept: empty.
    /// </summary>
    private static async IAsyncEnumerable<object?[]> SubventionRowsAsync(ExportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in PublicRegister.ReadAsync(context.Db, context.Request, cancellationToken))
        {
            if (e.Kind != EngagementKind.CooperationProject) continue;
            foreach (var line in e.BudgetLines.Where(l => l.Funder == OpenEngagement.FunderSlug(Funder.Commune)))
            {
                var single = e.Partners.Count == 1;
                yield return
                [
                    e.Commune.Name, null, e.ConventionSignedOn, DecisionReference(e), single ? e.Partners[0].Name : null, null, null,
                    $"{e.Title} ({line.Year})" + (line.Note is null ? "" : $" : {line.Note}"),
                    line.AmountEuros, "aide en numéraire", null, null, null, null, single ? 1 : null, null,
                ];
            }
        }
    }

    private static string? DecisionReference(OpenEngagement e) =>
        e.Deliberations.Count == 0 ? null : string.Join(" ; ", e.Deliberations.Select(d => d.Reference));
}
