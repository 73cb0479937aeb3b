using System.Text.Json;
using CityDiplomacy.Engagements;
using CityDiplomacy.OpenData;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Campaigns;

/// <summary>
/// The campaigns' open data: the published answers of the lists and the commitments of elected lists with their
/// published status, nationally and per commune. Drafts, authors and suggestions are never exported.
/// </summary>
public static class CampaignExports
{
    private static readonly ExportScope[] Scopes = [ExportScope.Commune, ExportScope.Nation];
    private const string ResponsesTitle = "Réponses des listes candidates aux campagnes";
    private const string CommitmentsTitle = "Engagements des listes élues et leur suivi";

    public static void Register(OpenDataRegistry registry) => registry
        .Add(new("campagnes-reponses.csv", "text/csv; charset=utf-8", "CSV", ResponsesTitle,
            "Une ligne par réponse publiée d'une liste à une mesure (les listes sans réponse publiée n'y figurent pas).", Scopes,
            (context, output, ct) => TableWriters.WriteCsvAsync(Responses(context, ct), context.Separator, output, ct)))
        .Add(new("campagnes-reponses.json", "application/json; charset=utf-8", "JSON", ResponsesTitle,
            "Tableau JSON : un objet par réponse publiée, mêmes champs que le CSV.", Scopes,
            (context, output, ct) => WriteJsonAsync(Responses(context, ct), output, ct)))
        .Add(new("campagnes-engagements.csv", "text/csv; charset=utf-8", "CSV", CommitmentsTitle,
            "Une ligne par engagement d'une liste élue : la mesure, la réponse d'origine, le dernier statut publié et sa justification.", Scopes,
            (context, output, ct) => TableWriters.WriteCsvAsync(Commitments(context, ct), context.Separator, output, ct)))
        .Add(new("campagnes-engagements.json", "application/json; charset=utf-8", "JSON", CommitmentsTitle,
            "Tableau JSON : un objet par engagement d'une liste élue, mêmes champs que le CSV.", Scopes,
            (context, output, ct) => WriteJsonAsync(Commitments(context, ct), output, ct)));

    private static ExportTable Responses(ExportContext context, CancellationToken cancellationToken) =>
        new(["campagne", "commune_insee", "commune_nom", "liste", "tete_de_liste", "panneau", "mesure", "mesure_titre", "reponse",
             "commentaire", "document", "date_reponse", "publie_le"], ResponseRowsAsync(context, cancellationToken));

    private static ExportTable Commitments(ExportContext context, CancellationToken cancellationToken) =>
        new(["campagne", "commune_insee", "commune_nom", "liste", "tete_de_liste", "elue_le", "mesure", "mesure_titre", "reponse",
             "statut", "evalue_le", "justification", "preuves"], CommitmentRowsAsync(context, cancellationToken));

    private static async IAsyncEnumerable<object?[]> ResponseRowsAsync(ExportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = context.Db;
        var campaigns = await db.Campaigns.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var query = from r in db.CampaignResponses.AsNoTracking()
                    join l in db.CandidateLists.AsNoTracking() on r.ListId equals l.Id
                    join c in db.Communes.AsNoTracking() on l.CommuneCode equals c.Code
                    where r.State == PublicationState.Published && c.Kind == CommuneKind.Current
                    select new { r, l.CommuneCode, CommuneName = c.Name, l.Name, l.HeadOfList, l.Panel };
        if (context.Request.Scope == ExportScope.Commune) query = query.Where(x => x.CommuneCode == context.Request.Key);
        await foreach (var x in query.OrderBy(x => x.CommuneCode).ThenBy(x => x.Panel).ThenBy(x => x.Name).ThenBy(x => x.r.MeasureCode)
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var campaign = campaigns[x.r.CampaignId];
            yield return [campaign.Slug, x.CommuneCode, x.CommuneName, x.Name, x.HeadOfList, x.Panel, x.r.MeasureCode,
                campaign.Measure(x.r.MeasureCode)?.Title, Slugs.Of(x.r.Answer), x.r.Comment, x.r.DocumentUrl, x.r.AnsweredOn, x.r.PublishedAt];
        }
    }

    private static async IAsyncEnumerable<object?[]> CommitmentRowsAsync(ExportContext context,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var db = context.Db;
        var campaigns = await db.Campaigns.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);
        var query = from m in db.Commitments.AsNoTracking()
                    join l in db.CandidateLists.AsNoTracking() on m.ListId equals l.Id
                    join c in db.Communes.AsNoTracking() on m.CommuneCode equals c.Code
                    where c.Kind == CommuneKind.Current
                    select new { m, CommuneName = c.Name, l.Name, l.HeadOfList, l.ElectedOn };
        if (context.Request.Scope == ExportScope.Commune) query = query.Where(x => x.m.CommuneCode == context.Request.Key);
        var rows = await query.OrderBy(x => x.m.CommuneCode).ThenBy(x => x.Name).ThenBy(x => x.m.MeasureCode).ToListAsync(cancellationToken);
        var ids = rows.Select(x => x.m.Id).ToList();
        var latest = (await db.CommitmentUpdates.AsNoTracking()
                .Where(u => ids.Contains(u.CommitmentId) && u.State == PublicationState.Published).ToListAsync(cancellationToken))
            .GroupBy(u => u.CommitmentId).ToDictionary(g => g.Key, g => g.OrderBy(u => u.PublishedAt).Last());
        foreach (var x in rows)
        {
            var campaign = campaigns[x.m.CampaignId];
            var update = latest.GetValueOrDefault(x.m.Id);
            yield return [campaign.Slug, x.m.CommuneCode, x.CommuneName, x.Name, x.HeadOfList, x.ElectedOn, x.m.MeasureCode,
                campaign.Measure(x.m.MeasureCode)?.Title, Slugs.Of(x.m.Promised), Slugs.Of(x.m.Status), update?.PublishedAt, update?.Rationale,
                update is null ? null : string.Join(" | ", update.Evidence.Select(e => e.Url ?? $"engagement:{e.EngagementId}"))];
        }
    }

    /// <summary>The table as a JSON array of objects keyed by the column names.</summary>
    private static async Task WriteJsonAsync(ExportTable table, Stream output, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartArray();
        await foreach (var row in table.Rows.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            for (var i = 0; i < table.Header.Count; i++)
            {
                json.WritePropertyName(table.Header[i]);
                switch (row[i])
                {
                    case null: json.WriteNullValue(); break;
                    case int number: json.WriteNumberValue(number); break;
                    case string text: json.WriteStringValue(text); break;
                    default: json.WriteStringValue(TableWriters.Text(row[i])); break;
                }
            }
            json.WriteEndObject();
            if (json.BytesPending > 16 * 1024) await json.FlushAsync(cancellationToken);
        }
        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
    }
}
