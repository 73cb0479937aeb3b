using System.Globalization;
using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Campaigns;

public sealed record MeasureInput(string? Code, string? Title, string? Text, string? Theme, List<string>? EvidenceKinds);

public sealed record CampaignInput(string? Slug, string? Title, string? Organiser, string? Election, string? Description, string? Status,
    string? ClosesOn, List<MeasureInput>? Measures);

public sealed record ListInput(string? CommuneCode, string? Name, string? HeadOfList, int? Panel);

public sealed record ResponseInput(Guid? ListId, string? Measure, string? Answer, string? Comment, string? DocumentUrl, string? AnsweredOn);

public sealed record ElectedInput(string? On);

public sealed record EvidenceInput(string? Url, Guid? EngagementId);

public sealed record CommitmentUpdateInput(string? Status, string? Rationale, List<EvidenceInput>? Evidence);

public sealed record CreatedId(Guid Id);

public sealed record AnswerLink(string Url, DateTime ExpiresAt);

public sealed record Published(Guid Id, string State, DateTime PublishedAt);

/// <summary>
/// Advocacy campaigns: read by everyone (published items only), run by monitors and administrators. Answers and commitment
/// updates are drafts until a monitor other than their author publishes them.
/// </summary>
public static class CampaignsApi
{
    private const string Tag = "Campagnes";

    public static IEndpointRouteBuilder MapCampaigns(this IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/api/campaigns").WithTags(Tag);
        campaigns.MapGet("", ListCampaigns).WithName("ListCampaigns").WithSummary("Les campagnes de plaidoyer");
        campaigns.MapGet("/{slug}", GetCampaign).WithName("GetCampaign").WithSummary("Une campagne et ses mesures")
            .ProducesProblem(StatusCodes.Status404NotFound);
        campaigns.MapPost("", CreateCampaign).WithName("CreateCampaign").WithSummary("Créer une campagne (observateurs et administrateurs)")
            .Accepts<CampaignInput>("application/json").WithWriteProblems();
        campaigns.MapPut("/{slug}", UpdateCampaign).WithName("UpdateCampaign")
            .WithSummary("Modifier une campagne (If-Match obligatoire)")
            .WithDescription("Le slug ne change pas ; les mesures sont remplacées par celles du corps. 428 sans If-Match, 412 si la version lue n'est plus la dernière.")
            .Accepts<CampaignInput>("application/json").WithWriteProblems()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        campaigns.MapPost("/{slug}/lists", AddList).WithName("AddCandidateList")
            .WithSummary("Enregistrer une liste candidate d'une commune").Accepts<ListInput>("application/json").WithWriteProblems();
        campaigns.MapPost("/{slug}/lists/{id:guid}/answer-link", IssueAnswerLink).WithName("IssueAnswerLink")
            .WithSummary("Créer le lien privé de réponse d'une liste")
            .WithDescription("Un jeton aléatoire de 256 bits, montré une seule fois (seule son empreinte est gardée) ; le lien précédent cesse de fonctionner. " +
                             "Il expire à la fin du jour de clôture de la campagne.")
            .WithWriteProblems();
        campaigns.MapPost("/{slug}/lists/{id:guid}/elected", MarkElected).WithName("MarkListElected")
            .WithSummary("Enregistrer l'élection d'une liste : un engagement par mesure signée ou partielle")
            .Accepts<ElectedInput>("application/json").WithWriteProblems();
        campaigns.MapPost("/{slug}/responses", AddResponse).WithName("AddCampaignResponse")
            .WithSummary("Enregistrer la réponse d'une liste à une mesure (brouillon)")
            .WithDescription("answer : signed, partial, not-committed ou no-answer. Le brouillon est publié par un autre observateur que son auteur.")
            .Accepts<ResponseInput>("application/json").WithWriteProblems();
        campaigns.MapGet("/{slug}/communes/{insee}", CommuneCampaign).WithName("GetCommuneCampaign").AcceptsApiToken()
            .WithSummary("Les listes d'une commune, leurs réponses et leurs engagements")
            .WithDescription("Éléments publiés seulement ; les observateurs et les agents de la commune voient aussi les brouillons et les suggestions tirées du registre.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        campaigns.MapCampaignLetters();
        app.MapPost("/api/responses/{id:guid}/publish", PublishResponse).WithTags(Tag).WithName("PublishCampaignResponse")
            .WithSummary("Publier une réponse (un autre observateur que son auteur)").WithWriteProblems();
        app.MapPost("/api/commitments/{id:guid}/updates", AddCommitmentUpdate).WithTags(Tag).WithName("AddCommitmentUpdate")
            .WithSummary("Proposer un nouveau statut pour un engagement de campagne (brouillon)")
            .WithDescription("status : not-started, in-progress, stalled, kept, partially-kept ou broken, jugé sur les résultats ; " +
                             "evidence : [ { \"url\" } | { \"engagementId\" } ].")
            .Accepts<CommitmentUpdateInput>("application/json").WithWriteProblems();
        app.MapPost("/api/commitment-updates/{id:guid}/publish", PublishCommitmentUpdate).WithTags(Tag).WithName("PublishCommitmentUpdate")
            .WithSummary("Publier une mise à jour d'engagement (un autre observateur que son auteur)").WithWriteProblems();
        return app;
    }

    private static RouteHandlerBuilder WithWriteProblems(this RouteHandlerBuilder builder) => builder
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    // ---- Campaigns ---------------------------------------------------------------------------------------------

    internal static async Task<Ok<List<CampaignSummary>>> ListCampaigns(AppDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Campaigns.AsNoTracking().ToListAsync(cancellationToken))
            .OrderBy(c => c.Status).ThenBy(c => c.Title, StringComparer.Ordinal).Select(CampaignSummary.From).ToList());

    internal static async Task<Results<Ok<CampaignDetails>, ProblemHttpResult>> GetCampaign(string slug, HttpContext http, AppDb db,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(db, slug, cancellationToken) is not { } campaign) return UnknownCampaign(slug);
        SetETag(http, campaign.Version);
        return TypedResults.Ok(CampaignDetails.From(campaign));
    }

    internal static async Task<Results<Created<CampaignDetails>, ProblemHttpResult>> CreateCampaign(HttpContext http, AppDb db,
        CommuneAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await RequireMonitorAsync(http, access, cancellationToken) is { } denied) return denied;
        var (body, unreadable) = await EngagementsApi.ReadAsync(http.Request, typeof(CampaignInput), cancellationToken);
        if (unreadable is not null) return unreadable;
        var input = (CampaignInput)body!;
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            var campaign = new Campaign(input.Slug ?? "", input.Title ?? "", input.Organiser ?? "", input.Election ?? "", now);
            if (await db.Campaigns.AnyAsync(c => c.Slug == campaign.Slug, cancellationToken))
                throw new DomainRuleException("slug", $"Une campagne a déjà le slug « {campaign.Slug} ».");
            Apply(campaign, input, now);
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync(cancellationToken);
            SetETag(http, campaign.Version);
            return TypedResults.Created($"/api/campaigns/{campaign.Slug}", CampaignDetails.From(campaign));
        }
        catch (DomainRuleException rule)
        {
            return EngagementsApi.Broken(rule);
        }
    }

    internal static async Task<Results<Ok<CampaignDetails>, ProblemHttpResult>> UpdateCampaign(string slug, HttpContext http, AppDb db,
        CommuneAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await RequireMonitorAsync(http, access, cancellationToken) is { } denied) return denied;
        if (await db.Campaigns.FirstOrDefaultAsync(c => c.Slug == slug.ToLowerInvariant(), cancellationToken) is not { } campaign)
            return UnknownCampaign(slug);
        if (http.Request.Headers.IfMatch.Count == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match obligatoire",
                detail: "Renvoyez l'ETag lu (GET /api/campaigns/{slug}) dans « If-Match » : deux modifications ne s'écrasent jamais en silence.");
        if (http.Request.Headers.IfMatch.ToString().Trim() != ETag(campaign.Version))
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Version périmée",
                detail: $"La campagne a été modifiée depuis votre lecture (version actuelle {campaign.Version}) : relisez-la avant de la modifier.");
        var (body, unreadable) = await EngagementsApi.ReadAsync(http.Request, typeof(CampaignInput), cancellationToken);
        if (unreadable is not null) return unreadable;
        try
        {
            Apply(campaign, (CampaignInput)body!, time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DomainRuleException rule)
        {
            return EngagementsApi.Broken(rule);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Modification concurrente",
                detail: "Une autre modification de cette campagne est passée au même instant : relisez-la, puis recommencez.");
        }
        SetETag(http, campaign.Version);
        return TypedResults.Ok(CampaignDetails.From(campaign));
    }

    private static void Apply(Campaign campaign, CampaignInput input, DateTime now)
    {
        var status = string.IsNullOrWhiteSpace(input.Status) ? campaign.Status
            : Slugs.Parse<CampaignStatus>(input.Status) ?? throw new DomainRuleException("status", "Statut : open ou closed.");
        DateOnly? closesOn = null;
        if (!string.IsNullOrWhiteSpace(input.ClosesOn) && !IsoDate.TryParse(input.ClosesOn, out closesOn))
            throw new DomainRuleException("closesOn", $"« {input.ClosesOn} » n'est pas une date AAAA-MM-JJ.");
        campaign.Describe(input.Title ?? "", input.Organiser ?? "", input.Election ?? "", input.Description, status, closesOn,
            campaign.IsTemplate, now);
        campaign.SetMeasures((input.Measures ?? [])
            .Select(m => new Measure { Code = m.Code ?? "", Title = m.Title ?? "", Text = m.Text ?? "", Theme = m.Theme ?? "", EvidenceKinds = m.EvidenceKinds ?? [] })
            .ToList(), now);
    }

    // ---- Lists -------------------------------------------------------------------------------------------------

    internal static async Task<Results<Created<CreatedId>, ProblemHttpResult>> AddList(string slug, HttpContext http, AppDb db,
        CommuneAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await RequireMonitorAsync(http, access, cancellationToken) is { } denied) return denied;
        if (await FindAsync(db, slug, cancellationToken) is not { } campaign) return UnknownCampaign(slug);
        var (body, unreadable) = await EngagementsApi.ReadAsync(http.Request, typeof(ListInput), cancellationToken);
        if (unreadable is not null) return unreadable;
        var input = (ListInput)body!;
        try
        {
            var code = await CurrentCommuneAsync(db, input.CommuneCode, cancellationToken)
                       ?? throw new DomainRuleException("communeCode", $"« {input.CommuneCode} » n'est le code INSEE d'aucune commune actuelle.");
            var list = new CandidateList(campaign.Id, code, input.Name ?? "", input.HeadOfList ?? "", input.Panel, "saisie", time.GetUtcNow().UtcDateTime);
            if (await db.CandidateLists.AnyAsync(l => l.CampaignId == campaign.Id && l.CommuneCode == code && l.Name == list.Name, cancellationToken))
                throw new DomainRuleException("name", $"La liste « {list.Name} » est déjà enregistrée pour cette commune.");
            db.CandidateLists.Add(list);
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Created($"/api/campaigns/{campaign.Slug}/communes/{code}", new CreatedId(list.Id));
        }
        catch (DomainRuleException rule)
        {
            return EngagementsApi.Broken(rule);
        }
    }

    internal static async Task<Results<Created<AnswerLink>, ProblemHttpResult>> IssueAnswerLink(string slug, Guid id, HttpContext http,
        AppDb db, CommuneAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await RequireMonitorAsync(http, access, cancellationToken) is { } denied) return denied;
        if (await FindAsync(db, slug, cancellationToken) is not { } campaign) return UnknownCampaign(slug);
        if (await db.CandidateLists.FirstOrDefaultAsync(l => l.Id == id && l.CampaignId == campaign.Id, cancellationToken) is not { } list)
            return UnknownList(id);
        try
        {
            var token = list.IssueAnswerToken(campaign, time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/reponse/{token}";
            return TypedResults.Created(url, new AnswerLink(url, campaign.AnswerLinksExpireAt()!.Value));
        }
        catch (DomainRuleException rule)
        {
            return EngagementsApi.Broken(rule);
        }
    }

    internal static async Task<Results<Ok<List<CreatedId>>, ProblemHttpResult>> MarkElected(string slug, Guid id, HttpContext http, AppDb db,
        CommuneAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await RequireMonitorAsync(http, access, cancellationToken) is { } denied) return denied;
        if (await FindAsync(db, slug, cancellationToken) is not { } campaign) return UnknownCampaign(slug);
        if (await db.CandidateLists.FirstOrDefaultAsync(l => l.Id == id && l.CampaignId == campaign.Id, cancellationToken) is not { } list)
            return UnknownList(id);
        var (body, unreadable) = await EngagementsApi.ReadAsync(http.Request, typeof(ElectedInput), cancellationToken);
        if (unreadable is not null) return unreadable;
        var input = (ElectedInput)body!;
        try
        {
            if (!IsoDate.TryParse(input.On, out var on) || on is null)
                throw new DomainRuleException("on", "La date de l'élection est obligatoire (AAAA-MM-JJ).");
            list.MarkElected(on.Value);
            var now = time.GetUtcNow().UtcDateTime;
            var promised = await db.CampaignResponses.AsNoTracking()
                .Where(r => r.ListId == list.Id && r.State == PublicationState.Published
                            && (r.Answer == ResponseAnswer.Signed || r.Answer == ResponseAnswer.Partial))
                .ToListAsync(cancellationToken);
            var commitments = promised.Select(r => new Commitment(list, r.MeasureCode, r.Answer, now)).ToList();
            db.Commitments.AddRange(commitments);
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Ok(commitments.Select(c => new CreatedId(c.Id)).ToList());
        }
        catch (DomainRuleException rule)
        {
            return EngagementsApi.Broken(rule);
        }
    }

    // ---- Answers -----------------------------------------------------------------------------------------------

    internal static async Task<Results<Created<CreatedId>, ProblemHttpResult>> AddResponse(string slug, HttpContext http, AppDb db,
        CommuneAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await RequireMonitorAsync(http, access, cancellationToken) is { } denied) return denied;
        if (await FindAsync(db, slug, cancellationToken) is not { } campaign) return UnknownCampaign(slug);
        var (body, unreadable) = await EngagementsApi.ReadAsync(http.Request, typeof(ResponseInput), cancellationToken);
        if (unreadable is not null) return unreadable;
        var input = (ResponseInput)body!;
        try
        {
            var list = input.ListId is { } listId ? await db.CandidateLists.AsNoTracking().FirstOrDefaultAsync(l => l.Id == listId, cancellationToken) : null;
            if (list is null) throw new DomainRuleException("listId", $"Aucune liste {input.ListId} n'est enregistrée.");
            var response = NewResponse(campaign, list, input.Measure, input.Answer, input.Comment, input.DocumentUrl, input.AnsweredOn,
                access.UserId!, access.User?.Identity?.Name, time.GetUtcNow().UtcDateTime);
            db.CampaignResponses.Add(response);
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Created($"/api/campaigns/{campaign.Slug}/communes/{list.CommuneCode}", new CreatedId(response.Id));
        }
        catch (DomainRuleException rule)
        {
            return EngagementsApi.Broken(rule);
        }
    }

    /// <summary>One answer, from the API, the monitors' page or the head of list's link: the same checks everywhere.</summary>
    internal static CampaignResponse NewResponse(Campaign campaign, CandidateList list, string? measure, string? answer, string? comment,
        string? documentUrl, string? answeredOn, string authorId, string? authorName, DateTime now)
    {
        if (!campaign.IsOpen) throw new DomainRuleException("campaign", "La campagne est close : elle ne reçoit plus de réponses.");
        var parsed = Slugs.Parse<ResponseAnswer>(answer)
                     ?? throw new DomainRuleException("answer", $"« {answer} » n'est pas une réponse ; valeurs possibles : {Slugs.List<ResponseAnswer>()}.");
        if (!IsoDate.TryParse(answeredOn, out var on) || on is null)
            throw new DomainRuleException("answeredOn", "La date de la réponse est obligatoire (AAAA-MM-JJ).");
        return new CampaignResponse(campaign, list, measure ?? "", parsed, comment, documentUrl, on.Value, authorId, authorName, now);
    }

    internal static async Task<Results<Ok<Published>, ProblemHttpResult>> PublishResponse(Guid id, HttpContext http, AppDb db,
        CommuneAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await RequireMonitorAsync(http, access, cancellationToken) is { } denied) return denied;
        if (await db.CampaignResponses.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } response)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Réponse inconnue", detail: $"Aucune réponse {id}.");
        var previous = await db.CampaignResponses.FirstOrDefaultAsync(r => r.ListId == response.ListId && r.MeasureCode == response.MeasureCode
                                                                           && r.State == PublicationState.Published, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            response.Publish(access.UserId!, previous, now);
        }
        catch (TwoPersonRuleException e)
        {
            return SelfPublication(e);
        }
        catch (DomainRuleException rule)
        {
            return EngagementsApi.Broken(rule);
        }
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new Published(response.Id, Slugs.Of(response.State), now));
    }

    // ---- Commitments -------------------------------------------------------------------------------------------

    internal static async Task<Results<Created<CreatedId>, ProblemHttpResult>> AddCommitmentUpdate(Guid id, HttpContext http, AppDb db,
        CommuneAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await RequireMonitorAsync(http, access, cancellationToken) is { } denied) return denied;
        if (await db.Commitments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is not { } commitment)
            return UnknownCommitment(id);
        var (body, unreadable) = await EngagementsApi.ReadAsync(http.Request, typeof(CommitmentUpdateInput), cancellationToken);
        if (unreadable is not null) return unreadable;
        var input = (CommitmentUpdateInput)body!;
        try
        {
            var status = Slugs.Parse<CommitmentStatus>(input.Status)
                         ?? throw new DomainRuleException("status", $"« {input.Status} » n'est pas un statut ; valeurs possibles : {Slugs.List<CommitmentStatus>()}.");
            var evidence = (input.Evidence ?? []).Select(e => new CommitmentEvidence { Url = e.Url, EngagementId = e.EngagementId }).ToList();
            var cited = evidence.Where(e => e.EngagementId is not null).Select(e => e.EngagementId!.Value).Distinct().ToList();
            var known = await db.Engagements.AsNoTracking().Where(e => cited.Contains(e.Id) && e.CommuneCode == commitment.CommuneCode)
                .Select(e => e.Id).ToListAsync(cancellationToken);
            var unknown = evidence.FindIndex(e => e.EngagementId is { } engagement && !known.Contains(engagement));
            if (unknown >= 0)
                throw new DomainRuleException($"evidence[{unknown}].engagementId", "Aucun engagement de ce numéro dans le registre de la commune.");
            var update = new CommitmentUpdate(commitment, status, input.Rationale ?? "", evidence, access.UserId!, access.User?.Identity?.Name,
                time.GetUtcNow().UtcDateTime);
            db.CommitmentUpdates.Add(update);
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Created($"/api/commitment-updates/{update.Id}", new CreatedId(update.Id));
        }
        catch (DomainRuleException rule)
        {
            return EngagementsApi.Broken(rule);
        }
    }

    internal static async Task<Results<Ok<Published>, ProblemHttpResult>> PublishCommitmentUpdate(Guid id, HttpContext http, AppDb db,
        CommuneAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await RequireMonitorAsync(http, access, cancellationToken) is { } denied) return denied;
        if (await db.CommitmentUpdates.FirstOrDefaultAsync(u => u.Id == id, cancellationToken) is not { } update)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Mise à jour inconnue", detail: $"Aucune mise à jour {id}.");
        var commitment = await db.Commitments.SingleAsync(c => c.Id == update.CommitmentId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            update.Publish(commitment, access.UserId!, now);
        }
        catch (TwoPersonRuleException e)
        {
            return SelfPublication(e);
        }
        catch (DomainRuleException rule)
        {
            return EngagementsApi.Broken(rule);
        }
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new Published(update.Id, Slugs.Of(update.State), now));
    }

    // ---- Reading a commune -------------------------------------------------------------------------------------

    internal static async Task<Results<Ok<CommuneCampaignDetails>, ProblemHttpResult>> CommuneCampaign(string slug, string insee, AppDb db,
        CommuneAccess access, CancellationToken cancellationToken)
    {
        if (await FindAsync(db, slug, cancellationToken) is not { } campaign) return UnknownCampaign(slug);
        if (await CurrentCommuneAsync(db, insee, cancellationToken) is not { } code)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Commune inconnue",
                detail: $"Aucune commune actuelle n'a le code INSEE « {insee} ».");
        var name = await db.Communes.AsNoTracking().Where(c => c.Code == code && c.Kind == CommuneKind.Current).Select(c => c.Name).SingleAsync(cancellationToken);
        var insider = await IsInsiderAsync(access, code, cancellationToken);
        return TypedResults.Ok(await CampaignQueries.CommuneAsync(db, campaign, code, name, insider, cancellationToken));
    }

    /// <summary>Monitors and administrators, and the commune's officers and viewers: they see drafts and suggestions.</summary>
    internal static async Task<bool> IsInsiderAsync(CommuneAccess access, string communeCode, CancellationToken cancellationToken) =>
        access.IsAuthenticated && (await access.CanRunCampaignsAsync(cancellationToken) || await access.CanReadInternalAsync(communeCode, cancellationToken));

    // ---- Helpers -----------------------------------------------------------------------------------------------

    internal static Task<Campaign?> FindAsync(AppDb db, string slug, CancellationToken cancellationToken)
    {
        var wanted = slug.Trim().ToLowerInvariant();
        return db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Slug == wanted, cancellationToken);
    }

    internal static async Task<string?> CurrentCommuneAsync(AppDb db, string? insee, CancellationToken cancellationToken)
    {
        if (insee is null || !Commune.IsWellFormedCode(insee.Trim())) return null;
        var code = insee.Trim().ToUpperInvariant();
        return await db.Communes.AsNoTracking().AnyAsync(c => c.Code == code && c.Kind == CommuneKind.Current, cancellationToken) ? code : null;
    }

    internal static async Task<ProblemHttpResult?> RequireMonitorAsync(HttpContext http, CommuneAccess access, CancellationToken cancellationToken)
    {
        if (!access.IsAuthenticated) return EngagementsApi.Unauthenticated(http);
        if (await access.CanRunCampaignsAsync(cancellationToken)) return null;
        return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Accès refusé",
            detail: "Les campagnes sont menées par les observateurs (rôle monitor) et les administrateurs.");
    }

    private static ProblemHttpResult SelfPublication(TwoPersonRuleException e) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Règle des deux personnes", detail: e.Message);

    internal static ProblemHttpResult UnknownCampaign(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Campagne inconnue", detail: $"Aucune campagne n'a le slug « {slug} ».");

    private static ProblemHttpResult UnknownList(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Liste inconnue", detail: $"Aucune liste {id} dans cette campagne.");

    private static ProblemHttpResult UnknownCommitment(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Engagement inconnu", detail: $"Aucun engagement de campagne {id}.");

    private static string ETag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    private static void SetETag(HttpContext http, int version) => http.Response.Headers.ETag = ETag(version);
}
