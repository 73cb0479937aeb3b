using System.Globalization;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Settings;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.OpenData;

/// <summary>
/// The Socle commun des données locales (schema.data.gouv.fr) files the register can fill honestly and validly:
/// « Délibérations » (scdl/deliberations 2.1.5) and « Subventions » (scdl/subventions 2.1.1). A cell the register does
/// not know stays empty where the schema allows it; a row that cannot be valid is left out (never guessed), and a file
/// with no valid row is not served: its route answers 404 with a ProblemDetails that says why, and its link is hidden.
/// Both files need the commune's SIRET (COLL_SIRET, idAttribuant), which only the commune's settings give
/// (<c>PUT /api/communes/{insee}/settings</c>): a commune without one is left out.
/// </summary>
public static class ScdlExports
{
    private static readonly ExportScope[] AllScopes = [ExportScope.Commune, ExportScope.Country, ExportScope.Nation];

    /// <summary>
    /// ACTES matière for every deliberation of the register: 9.1 « Autres domaines de compétences des communes ». The
    /// ACTES nomenclature (level 2, the one SCDL asks for) has no entry for external action: its themes (8.1 enseignement
    /// … 8.9 culture) and its procedural matières (1 commande publique … 7 finances locales) leave a commune's
    /// international action (CGCT L1115-1: decentralised cooperation, twinnings, honorary citizenships, networks) to the
    /// residual matière of communes, 9.1. 9.4 « Vœux et motions » would fit a mere motion, which the register does not
    /// tell apart. The name is level 1 « / » level 2, lower case, as the schema describes.
    /// </summary>
    public const string ActesCode = "9.1";

    public const string ActesName = "autres domaines de compétences/autres domaines de compétences des communes";

    /// <summary>SCDL Subventions limits « objet » (and « conditionsVersement ») to 256 characters; applied to DELIB_OBJET too.</summary>
    public const int MaxObjet = 256;

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
            "Schéma SCDL « Délibérations » 2.1.5 (scdl/deliberations) : une ligne par délibération rattachée à un engagement public, " +
            "pour les communes qui ont renseigné le SIRET de leur mairie ; 404 s'il n'y a rien à publier.", AllScopes,
            (context, output, ct) => WriteAsync(DeliberationColumns, Deliberations, "délibération", context, output, ct))
        {
            IsAvailable = (db, request, ct) => HasRowsAsync(Deliberations, db, request, ct),
        })
        .Add(new("subventions-scdl.csv", "text/csv; charset=utf-8", "CSV SCDL", "Subventions de coopération décentralisée",
            "Schéma SCDL « Subventions » 2.1.1 (scdl/subventions) : une ligne par ligne budgétaire financée par la commune d'un projet de coopération public " +
            "dont le bénéficiaire est identifié (SIRET ou RNA) ; 404 s'il n'y a rien à publier.", AllScopes,
            (context, output, ct) => WriteAsync(SubventionColumns, Subventions, "subvention", context, output, ct))
        {
            IsAvailable = (db, request, ct) => HasRowsAsync(Subventions, db, request, ct),
        });

    /// <summary>The rows of one file, and the reasons rows were left out (reason → count).</summary>
    private delegate IAsyncEnumerable<object?[]> RowSource(AppDb db, ExportRequest request, Dictionary<string, int> leftOut, CancellationToken cancellationToken);

    private static async Task WriteAsync(string[] header, RowSource source, string what, ExportContext context, Stream output, CancellationToken cancellationToken)
    {
        var leftOut = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = source(context.Db, context.Request, leftOut, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            if (!await rows.MoveNextAsync()) throw await NothingAsync(what, context, leftOut, cancellationToken);
            await TableWriters.WriteCsvAsync(new(header, Rest(rows)), context.Separator, output, cancellationToken);
        }
        finally
        {
            await rows.DisposeAsync();
        }
    }

    /// <summary>The first row already read, then the others.</summary>
    private static async IAsyncEnumerable<object?[]> Rest(IAsyncEnumerator<object?[]> rows)
    {
        do yield return rows.Current;
        while (await rows.MoveNextAsync());
    }

    private static async Task<bool> HasRowsAsync(RowSource source, AppDb db, ExportRequest request, CancellationToken cancellationToken)
    {
        await foreach (var _ in source(db, request, new(), cancellationToken)) return true;
        return false;
    }

    private static async Task<NothingToPublishException> NothingAsync(string what, ExportContext context, Dictionary<string, int> leftOut,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.Scope == ExportScope.Commune && await SiretsAsync(context.Db, request, cancellationToken) is { Count: 0 })
            return new("Rien à publier",
                $"La commune {request.ScopeName} ({request.Key}) n'a pas renseigné le SIRET de sa mairie dans ses paramètres : le schéma SCDL " +
                "l'exige sur chaque ligne, aucun fichier n'est donc publié. Un agent de la commune le renseigne dans son espace (Paramètres).");
        var reasons = leftOut.Count == 0 ? ""
            : " Lignes écartées : " + string.Join(" ; ", leftOut.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Value} {r.Key}")) + ".";
        var scope = request.Scope switch
        {
            ExportScope.Commune => $"la commune {request.ScopeName} ({request.Key})",
            ExportScope.Country => $"les engagements liés à {request.ScopeName}",
            _ => "l'ensemble des communes",
        };
        return new("Rien à publier",
            $"Aucune {what} publique valide selon le schéma SCDL pour {scope} : un fichier sans ligne ou invalide n'est jamais publié. " +
            "Seules les communes qui ont renseigné le SIRET de leur mairie sont publiées." + reasons);
    }

    /// <summary>The valid SIRET of each commune in scope that has one (settings checked again: reference data may have changed).</summary>
    private static async Task<Dictionary<string, string>> SiretsAsync(AppDb db, ExportRequest request, CancellationToken cancellationToken)
    {
        var query = db.CommuneSettings.AsNoTracking();
        if (request.Scope == ExportScope.Commune) query = query.Where(s => s.CommuneCode == request.Key);
        else if (request.Scope == ExportScope.Country)
        {
            var communes = PublicRegister.Filter(db, request).Select(e => e.CommuneCode).Distinct();
            query = query.Where(s => communes.Contains(s.CommuneCode));
        }
        var rows = await query.Select(s => new { s.CommuneCode, s.Siret }).ToListAsync(cancellationToken);
        return rows.Where(r => Siret.IsValidSiret(r.Siret)).ToDictionary(r => r.CommuneCode, r => r.Siret, StringComparer.Ordinal);
    }

    /// <summary>
    /// One row per deliberation of a public engagement of a commune with a SIRET. The register keeps the act's number,
    /// date, subject and address. The budget and the prefecture's receipt are not kept: empty (allowed). The votes are
    /// left empty too: the schema's cohesion check wants VOTE_EFFECTIF (the council's size at the time, not kept) with
    /// the other counts or none of them; the counts stay in engagements.csv. DELIB_OBJET is the subject (else the
    /// engagement's title), cut at 256 characters (<see cref="Shorten"/>).
    /// </summary>
    private static async IAsyncEnumerable<object?[]> Deliberations(AppDb db, ExportRequest request, Dictionary<string, int> leftOut,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sirets = await SiretsAsync(db, request, cancellationToken);
        if (sirets.Count == 0) yield break;
        var codes = sirets.Keys.ToList();
        await foreach (var e in PublicRegister.ReadAsync(db, request,
            query => query.Where(e => codes.Contains(e.CommuneCode) && e.Deliberations.Any()), cancellationToken))
        {
            var siret = sirets[e.Commune.Code];
            foreach (var d in e.Deliberations)
            {
                yield return
                [
                    e.Commune.Name, new IdentifierCell(siret), new IdentifierCell(d.Reference), d.Date, new IdentifierCell(ActesCode), ActesName,
                    Shorten(d.Subject ?? e.Title), null, null, null, null, null, null, null, null, null, d.Url,
                ];
            }
        }
    }

    /// <summary>A beneficiary as SCDL identifies it: a SIRET or an RNA number (W and 9 digits).</summary>
    public sealed record Beneficiary(string Name, string? Siret, string? Rna);

    /// <summary>
    /// One row per budget line a public cooperation project has from the commune itself (the grants the commune decides),
    /// when the row can be valid: the beneficiary must be named and identified by a SIRET or an RNA number, and the
    /// convention dated. A cooperation project's partners are foreign local authorities (CGCT L1115-1), which have
    /// neither, so today such lines are left out and counted in the 404's detail; the row is written by
    /// <see cref="SubventionRow"/> as soon as a beneficiary is identified.
    /// </summary>
    private static async IAsyncEnumerable<object?[]> Subventions(AppDb db, ExportRequest request, Dictionary<string, int> leftOut,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sirets = await SiretsAsync(db, request, cancellationToken);
        if (sirets.Count == 0) yield break;
        var codes = sirets.Keys.ToList();
        await foreach (var e in PublicRegister.ReadAsync(db, request,
            query => query.Where(e => codes.Contains(e.CommuneCode) && e.Kind == EngagementKind.CooperationProject), cancellationToken))
        {
            var lines = e.BudgetLines.Where(l => l.Funder == OpenEngagement.FunderSlug(Funder.Commune)).ToList();
            if (lines.Count == 0) continue;
            var siret = sirets[e.Commune.Code];
            if (e.ConventionSignedOn is null)
                Count(leftOut, "subvention(s) sans date de convention (dateConvention obligatoire)", lines.Count);
            else if (BeneficiaryOf(e) is not { } beneficiary)
                Count(leftOut, "subvention(s) dont le bénéficiaire n'a ni SIRET ni numéro RNA (partenaire étranger)", lines.Count);
            else
                foreach (var line in lines) yield return SubventionRow(e, siret, line, beneficiary, single: true);
        }
    }

    /// <summary>
    /// The grant's beneficiary when the register identifies it as SCDL requires. Partners of a cooperation project are
    /// foreign local authorities: no SIRET, no RNA number. None today.
    /// </summary>
    private static Beneficiary? BeneficiaryOf(OpenEngagement e) => null;

    /// <summary>
    /// A Subventions row. The payment dates are the budget year (« AAAA-01-01/AAAA-12-31 », a period as the schema asks
    /// when the exact date is unknown) and the payment conditions say so in words (the schema's « autre »: a free
    /// description). notificationUE is « non »: a decentralised-cooperation grant is not a de minimis aid to an
    /// undertaking notified to the European Commission (regulation 1407/2013). pourcentageSubvention is 1 for a single
    /// beneficiary.
    /// </summary>
    public static object?[] SubventionRow(OpenEngagement e, string siret, OpenBudgetLine line, Beneficiary beneficiary, bool single)
    {
        var year = line.Year.ToString(CultureInfo.InvariantCulture);
        return
        [
            e.Commune.Name, new IdentifierCell(siret), e.ConventionSignedOn, DecisionReference(e), beneficiary.Name,
            beneficiary.Siret is null ? null : new IdentifierCell(beneficiary.Siret), beneficiary.Rna is null ? null : new IdentifierCell(beneficiary.Rna),
            Shorten($"{e.Title} ({year})" + (line.Note is null ? "" : $" : {line.Note}")),
            line.AmountEuros, "aide en numéraire",
            $"Crédits de l'exercice {year} ; modalités de versement non précisées dans le registre",
            $"{year}-01-01/{year}-12-31", null, "non", single ? 1m : null, null,
        ];
    }

    private static IdentifierCell? DecisionReference(OpenEngagement e) =>
        e.Deliberations.Count == 0 ? null : new IdentifierCell(string.Join(" ; ", e.Deliberations.Select(d => d.Reference)));

    private static void Count(Dictionary<string, int> leftOut, string reason, int count) =>
        leftOut[reason] = leftOut.GetValueOrDefault(reason) + count;

    /// <summary>
    /// Text cut to at most 256 characters once written: at the last word boundary before the limit, with « … » to show
    /// the cut; one character kept free for the apostrophe that neutralises a text starting like a formula. The full
    /// text stays in engagements.csv and engagements.json.
    /// </summary>
    public static string Shorten(string text)
    {
        text = TextRule.ForDisplay(text).Trim();
        var limit = MaxObjet - 1;
        if (text.Length <= limit) return text;
        var cut = text.LastIndexOf(' ', limit - 1);
        if (cut < limit / 2) cut = limit - 1;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut].TrimEnd(' ', ',', ';', ':', '-') + "…";
    }
}
