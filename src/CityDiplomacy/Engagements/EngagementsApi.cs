using System.Globalization;
using System.Text.Json;
using CityDiplomacy.Accounts;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CityDiplomacy.Engagements;

/// <summary>An audited write as the API shows it; before and after are JSON objects (confidential values masked).</summary>
public sealed record AuditEntryDetails(
    long Id, DateTime At, string Actor, string? ActorName, string EntityType, string EntityId, string Action,
    JsonElement? Before, JsonElement? After);

/// <summary>What the engagement handlers need, bound with [AsParameters].</summary>
public sealed record EngagementServices(HttpContext Http, AppDb Db, CommuneAccess Access, EngagementCommands Commands);

/// <summary>
/// The register's JSON API: the engagements of a commune (seven kinds), their lifecycle, the commune's audit trail and
/// the catalogues. Writes need an officer of the commune or an administrator (401 anonymous, never a redirect; 403
/// otherwise); PUT needs If-Match with the ETag read (428 without, 412 when stale, 409 on a concurrent write).
/// </summary>
public static class EngagementsApi
{
    private const string Tag = "Engagements";
    private const string Json = "application/json";
    private static readonly StringComparer FrenchOrder = StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), CompareOptions.IgnoreCase);

    public static IEndpointRouteBuilder MapEngagements(this IEndpointRouteBuilder app)
    {
        var commune = app.MapGroup("/api/communes/{insee}").WithTags(Tag);
        MapCreate<TwinningInput>(commune, "twinnings", "CreateTwinning", "Enregistrer un jumelage",
            "La collectivité jumelle est donnée par { \"geonameId\": 3094802 } ou { \"name\": \"Kraków\", \"country\": \"PL\" } ; intitulé par défaut « Jumelage avec … ».");
        MapCreate<CooperationProjectInput>(commune, "cooperation-projects", "CreateCooperationProject", "Enregistrer un projet de coopération décentralisée",
            "Partenaires : des autorités locales étrangères, jamais un État (CGCT, art. L1115-5) ; budget par année en centimes d'euro.");
        MapCreate<PartnershipInput>(commune, "partnerships", "CreatePartnership", "Enregistrer un autre partenariat",
            "Attractivité, université, culture, jeunesse, transfrontalier, pacte d'amitié.");
        MapCreate<HonoraryCitizenshipInput>(commune, "honorary-citizenships", "CreateHonoraryCitizenship", "Enregistrer une citoyenneté d'honneur",
            "confidentialNotes et confidentialContacts sont acceptés en écriture et ne sont jamais renvoyés.");
        MapCreate<NetworkMembershipInput>(commune, "network-memberships", "CreateNetworkMembership", "Enregistrer une adhésion à un réseau de villes",
            "Le réseau est un code du catalogue (GET /api/catalogues/networks).");
        MapCreate<SummitInput>(commune, "summits", "CreateSummit", "Enregistrer un sommet ou une participation multilatérale",
            "Événement, lieu, dates, rôle, délégation, résultats.");
        MapCreate<WorldDayInput>(commune, "world-days", "CreateWorldDayObservance", "Enregistrer la célébration d'une journée mondiale",
            "La journée est un code du catalogue (GET /api/catalogues/world-days), l'année est obligatoire.");

        commune.MapGet("/engagements", ListEngagements)
            .WithName("ListCommuneEngagements")
            .AcceptsApiToken()
            .WithSummary("Le registre de l'action internationale d'une commune")
            .WithDescription("Engagements publics ; internes aussi pour les agents, lecteurs de la commune et administrateurs. " +
                             "Filtres : kind (twinning, cooperation-project, partnership, honorary-citizenship, network-membership, summit, world-day) " +
                             "et status (proposed, active, dormant, suspended, ended).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        commune.MapGet("/audit", ListAudit)
            .WithName("ListCommuneAudit")
            .WithSummary("Le journal d'audit d'une commune")
            .WithDescription("Les écritures, des plus récentes aux plus anciennes (limit : 1 à 1000, 100 par défaut) : qui, quand, quoi, avant et après. " +
                             "Pour les agents et lecteurs de la commune et les administrateurs ; les champs confidentiels y sont masqués.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var engagements = app.MapGroup("/api/engagements").WithTags(Tag);
        engagements.MapGet("/{id:guid}", GetEngagement)
            .WithName("GetEngagement")
            .AcceptsApiToken()
            .WithSummary("Un engagement, avec son ETag")
            .WithDescription("Statut et type en minuscules (« suspended », « twinning ») ; awaitingRegularisation pour un brouillon « à régulariser ». " +
                             "Un engagement interne n'existe (404) que pour qui peut le lire. Hors de la commune (anonyme, autre commune), " +
                             "seuls les champs publiés par les exports ouverts : ni notes, ni agent ou élu référent, ni journal d'activité.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        engagements.MapPut("/{id:guid}", UpdateEngagement)
            .WithName("UpdateEngagement")
            .WithSummary("Modifier un engagement (If-Match obligatoire)")
            .WithDescription("Le corps est celui de la création pour son type ; visibilité, statut et champs confidentiels absents restent inchangés. " +
                             "If-Match: \"<version>\" obligatoire (428 sans) ; 412 si la version lue n'est plus la dernière, avec ce qui a changé ; " +
                             "409 si une autre écriture passe au même instant. Un engagement terminé n'accepte plus que ses notes.")
            .Accepts<EngagementInput>(Json)
            .WithWriteProblems()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        MapTransition(engagements, "suspend", SuspendEngagement, "SuspendEngagement", "Suspendre un engagement",
            "{ \"reason\": \"…\", \"on\": \"2020-02-14\" } : motif et date obligatoires.");
        MapTransition(engagements, "resume", ResumeEngagement, "ResumeEngagement", "Reprendre un engagement suspendu ou en sommeil",
            "{ \"on\": \"2021-03-01\", \"deliberation\": \"DCM-2021-3\" } : après une suspension, la nouvelle délibération (déjà rattachée, postérieure à la suspension) est obligatoire.");
        MapTransition(engagements, "end", EndEngagement, "EndEngagement", "Terminer un engagement",
            "{ \"reason\": \"…\", \"on\": \"2024-12-31\" } : motif et date obligatoires ; ensuite, seules les notes restent modifiables.");
        MapTransition<ConfirmInput>(engagements, "confirm", ConfirmEngagement, "ConfirmEngagement", "Confirmer une entrée signalée par un annuaire",
            "{ \"status\": \"active\"|\"dormant\"|\"suspended\"|\"ended\", \"signedOn\"?: \"1966-05-08\", \"deliberation\"?: { \"reference\", \"date\" }, \"note\"? } : " +
            "l'entrée devient celle de la commune (provenance « commune »), la source de l'annuaire reste parmi ses sources. 422 nommant le champ " +
            "quand une règle refuse (statut non confirmable, motif manquant pour suspendu ou terminé, date future, entrée déjà de la commune).");
        MapTransition<DismissInput>(engagements, "dismiss", DismissEngagement, "DismissEngagement", "Écarter une entrée signalée par un annuaire",
            "{ \"reason\": \"ce jumelage n'existe plus\" } : l'entrée disparaît des pages, flux et exports publics, et reste conservée avec son motif.");

        var catalogues = app.MapGroup("/api/catalogues").WithTags(Tag);
        catalogues.MapGet("/networks", ListNetworks)
            .WithName("ListCityNetworks")
            .WithSummary("Le catalogue des réseaux de villes")
            .WithDescription("C40, CGLU, ICLEI, Maires pour la paix… : le code sert à enregistrer une adhésion.");
        catalogues.MapGet("/world-days", ListWorldDays)
            .WithName("ListWorldDays")
            .WithSummary("Le catalogue des journées mondiales")
            .WithDescription("Jour et mois de chaque journée ; le code sert à enregistrer une célébration.");
        return app;
    }

    private static void MapCreate<TInput>(RouteGroupBuilder group, string path, string name, string summary, string description)
        where TInput : EngagementInput =>
        group.MapPost("/" + path, CreateEngagement<TInput>)
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description + " Réponse 201 : l'engagement créé, son adresse (Location) et son ETag. " +
                             "Dates AAAA-MM-JJ ; 400 pour une saisie invalide (tous les champs à la fois), 422 pour une règle non respectée.")
            .Accepts<TInput>(Json)
            .WithWriteProblems();

    private static void MapTransition(RouteGroupBuilder group, string path, Delegate handler, string name, string summary, string description) =>
        MapTransition<TransitionInput>(group, path, handler, name, summary, description);

    private static void MapTransition<TInput>(RouteGroupBuilder group, string path, Delegate handler, string name, string summary, string description)
        where TInput : notnull =>
        group.MapPost("/{id:guid}/" + path, handler)
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description + " If-Match facultatif, respecté s'il est donné (412 si périmé). Réponse : l'engagement et son nouvel ETag.")
            .Accepts<TInput>(Json)
            .WithWriteProblems()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

    private static RouteHandlerBuilder WithWriteProblems(this RouteHandlerBuilder builder) => builder
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
        .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

    // ---- Register ----------------------------------------------------------------------------------------------

    internal static async Task<Results<Created<EngagementDetails>, ValidationProblem, ProblemHttpResult>> CreateEngagement<TInput>(
        string insee, [AsParameters] EngagementServices services, CancellationToken cancellationToken)
        where TInput : EngagementInput
    {
        ProblemHttpResult? unreadable = null;
        var result = await services.Commands.CreateAsync(insee, async () =>
        {
            (var body, unreadable) = await ReadAsync(services.Http.Request, typeof(TInput), cancellationToken);
            return (TInput?)body;
        }, cancellationToken);
        if (result.Status == CommandStatus.Invalid) return Invalid(result.Errors!);
        if (result.Status != CommandStatus.Done) return Refused(services.Http, result, unreadable, insee);
        var engagement = result.Engagement!;
        SetETag(services.Http, engagement);
        return TypedResults.Created($"/api/engagements/{engagement.Id}", await services.Db.DetailsAsync(engagement, cancellationToken));
    }

    internal static async Task<Results<Ok<List<EngagementSummary>>, ValidationProblem, ProblemHttpResult>> ListEngagements(
        string insee, string? kind, string? status, AppDb db, CommuneAccess access, EngagementCommands commands, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        var kindFilter = EngagementKinds.FromSlug(kind);
        if (!string.IsNullOrWhiteSpace(kind) && kindFilter is null)
            errors.Report("kind", $"« {kind} » n'est pas un type d'engagement ; types possibles : {string.Join(", ", Enum.GetValues<EngagementKind>().Select(EngagementKinds.Slug))}.");
        errors.Slug<EngagementStatus>(status, "status");
        if (errors.Count > 0) return Invalid(errors);
        if (await commands.CurrentCommuneAsync(insee, cancellationToken) is not { } code) return UnknownCommune(insee);

        var includeInternal = await access.CanReadInternalAsync(code, cancellationToken);
        var query = db.Engagements.AsNoTracking().AsSplitQuery().VisibleIn(code, includeInternal);
        if (kindFilter is { } k) query = query.Where(e => e.Kind == k);
        if (Slugs.Parse<EngagementStatus>(status) is { } s) query = query.Where(e => e.Status == s);
        var list = await query.ToListAsync(cancellationToken);
        return TypedResults.Ok(list
            .OrderBy(e => e.Kind)
            .ThenBy(e => e.Title, FrenchOrder)
            .Select(EngagementSummary.From)
            .ToList());
    }

    internal static async Task<Results<Ok<EngagementDetails>, ProblemHttpResult>> GetEngagement(
        Guid id, HttpContext http, AppDb db, EngagementCommands commands, CancellationToken cancellationToken)
    {
        var engagement = await db.Engagements.AsNoTracking().AsSplitQuery()
            .Include(e => ((NetworkMembership)e).Network)
            .Include(e => ((WorldDayObservance)e).WorldDay)
            .FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (engagement is null || !await commands.CanSeeAsync(engagement, cancellationToken)) return UnknownEngagement(id);
        SetETag(http, engagement);
        var details = EngagementDetails.From(engagement);
        // Public means public: outside the commune (anonymous, another commune's officer), what the exports publish.
        return TypedResults.Ok(await commands.CanReadInternalAsync(engagement.CommuneCode, cancellationToken) ? details : details.ForPublic());
    }

    internal static async Task<Results<Ok<EngagementDetails>, ValidationProblem, ProblemHttpResult>> UpdateEngagement(
        Guid id, [AsParameters] EngagementServices services, CancellationToken cancellationToken)
    {
        ProblemHttpResult? unreadable = null;
        var result = await services.Commands.UpdateAsync(id, new ExpectedVersion(services.Http.Request.Headers.IfMatch.ToString(), Required: true),
            async engagement =>
            {
                (var body, unreadable) = await ReadAsync(services.Http.Request, EngagementInput.Blank(engagement.Kind).GetType(), cancellationToken);
                return (EngagementInput?)body;
            }, cancellationToken);
        return await ChangedAsync(services, id, result, unreadable, cancellationToken);
    }

    internal static Task<Results<Ok<EngagementDetails>, ValidationProblem, ProblemHttpResult>> SuspendEngagement(
        Guid id, [AsParameters] EngagementServices services, CancellationToken cancellationToken) =>
        TransitionAsync(id, EngagementTransition.Suspend, services, cancellationToken);

    internal static Task<Results<Ok<EngagementDetails>, ValidationProblem, ProblemHttpResult>> ResumeEngagement(
        Guid id, [AsParameters] EngagementServices services, CancellationToken cancellationToken) =>
        TransitionAsync(id, EngagementTransition.Resume, services, cancellationToken);

    internal static Task<Results<Ok<EngagementDetails>, ValidationProblem, ProblemHttpResult>> EndEngagement(
        Guid id, [AsParameters] EngagementServices services, CancellationToken cancellationToken) =>
        TransitionAsync(id, EngagementTransition.End, services, cancellationToken);

    private static async Task<Results<Ok<EngagementDetails>, ValidationProblem, ProblemHttpResult>> TransitionAsync(
        Guid id, EngagementTransition transition, EngagementServices services, CancellationToken cancellationToken)
    {
        ProblemHttpResult? unreadable = null;
        var result = await services.Commands.TransitionAsync(id, transition,
            new ExpectedVersion(services.Http.Request.Headers.IfMatch.ToString(), Required: false), async () =>
            {
                (var body, unreadable) = await ReadAsync(services.Http.Request, typeof(TransitionInput), cancellationToken);
                return (TransitionInput?)body;
            }, cancellationToken);
        return await ChangedAsync(services, id, result, unreadable, cancellationToken);
    }

    /// <summary>The commune confirms a record a directory reported: it becomes the commune's (audited, screened like any write).</summary>
    internal static async Task<Results<Ok<EngagementDetails>, ValidationProblem, ProblemHttpResult>> ConfirmEngagement(
        Guid id, [AsParameters] EngagementServices services, CancellationToken cancellationToken)
    {
        ProblemHttpResult? unreadable = null;
        var result = await services.Commands.ConfirmAsync(id, new ExpectedVersion(services.Http.Request.Headers.IfMatch.ToString(), Required: false),
            async () =>
            {
                (var body, unreadable) = await ReadAsync(services.Http.Request, typeof(ConfirmInput), cancellationToken);
                return (ConfirmInput?)body;
            }, cancellationToken);
        return await ChangedAsync(services, id, result, unreadable, cancellationToken);
    }

    /// <summary>The commune dismisses a record a directory reported: hidden from public pages, kept with its reason.</summary>
    internal static async Task<Results<Ok<EngagementDetails>, ValidationProblem, ProblemHttpResult>> DismissEngagement(
        Guid id, [AsParameters] EngagementServices services, CancellationToken cancellationToken)
    {
        ProblemHttpResult? unreadable = null;
        var result = await services.Commands.DismissAsync(id, new ExpectedVersion(services.Http.Request.Headers.IfMatch.ToString(), Required: false),
            async () =>
            {
                (var body, unreadable) = await ReadAsync(services.Http.Request, typeof(DismissInput), cancellationToken);
                return (DismissInput?)body;
            }, cancellationToken);
        return await ChangedAsync(services, id, result, unreadable, cancellationToken);
    }

    /// <summary>The engagement and its new ETag once saved; else the problem saying why nothing was.</summary>
    private static async Task<Results<Ok<EngagementDetails>, ValidationProblem, ProblemHttpResult>> ChangedAsync(
        EngagementServices services, Guid id, EngagementCommandResult result, ProblemHttpResult? unreadable, CancellationToken cancellationToken)
    {
        var http = services.Http;
        switch (result.Status)
        {
            case CommandStatus.Done:
                SetETag(http, result.Engagement!);
                return TypedResults.Ok(await services.Db.DetailsAsync(result.Engagement!, cancellationToken));
            case CommandStatus.NotFound or CommandStatus.Hidden:
                return UnknownEngagement(id);
            case CommandStatus.PreconditionRequired:
                return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match obligatoire",
                    detail: $"Envoyez l'ETag lu (If-Match: \"{result.Engagement!.Version}\" pour la version actuelle) : une modification ne doit rien écraser sans le savoir.");
            case CommandStatus.Stale:
                SetETag(http, result.Engagement!);
                return await StaleAsync(services.Db, result.Engagement!, http.Request.Headers.IfMatch.ToString(), result.ReadVersion, cancellationToken);
            case CommandStatus.Conflict:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Écriture concurrente",
                    detail: "Cet engagement a été modifié par une autre requête pendant votre enregistrement : rien n'a été écrasé. " +
                            "Relisez-le (GET) puis recommencez avec son nouvel ETag.");
            case CommandStatus.Invalid:
                return Invalid(result.Errors!);
            default:
                return Refused(http, result, unreadable, result.CommuneCode ?? "");
        }
    }

    /// <summary>The problem of a command refused for a reason common to every command.</summary>
    private static ProblemHttpResult Refused(HttpContext http, EngagementCommandResult result, ProblemHttpResult? unreadable, string insee) =>
        result.Status switch
        {
            CommandStatus.Unauthenticated => Unauthenticated(http),
            CommandStatus.UnknownCommune => UnknownCommune(insee),
            CommandStatus.Forbidden => Forbidden(result.CommuneCode!),
            CommandStatus.Unreadable => unreadable!,
            CommandStatus.Broken => Broken(result.Rule!),
            _ => throw new InvalidOperationException($"Issue de commande inattendue : {result.Status}."),
        };

    // ---- Audit and catalogues ----------------------------------------------------------------------------------

    internal static async Task<Results<Ok<List<AuditEntryDetails>>, ValidationProblem, ProblemHttpResult>> ListAudit(
        string insee, int? limit, HttpContext http, AppDb db, CommuneAccess access, EngagementCommands commands, CancellationToken cancellationToken)
    {
        if (!access.IsAuthenticated) return Unauthenticated(http);
        if (limit is < 1 or > 1000)
            return Invalid(new InputErrors { ["limit"] = ["limit doit être entre 1 et 1000."] });
        if (await commands.CurrentCommuneAsync(insee, cancellationToken) is not { } code) return UnknownCommune(insee);
        if (!await access.CanReadInternalAsync(code, cancellationToken)) return Forbidden(code);

        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.CommuneCode == code)
            .OrderByDescending(a => a.Id)
            .Take(limit ?? 100)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(entries.Select(a => new AuditEntryDetails(
            a.Id, a.At, a.Actor, a.ActorName, a.EntityType, a.EntityId, a.Action, JsonObjectOf(a.Before), JsonObjectOf(a.After))).ToList());
    }

    internal static async Task<Ok<List<NetworkDetails>>> ListNetworks(AppDb db, CancellationToken cancellationToken)
    {
        var networks = await db.CityNetworks.AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(networks
            .OrderBy(n => n.NameFr, FrenchOrder)
            .Select(NetworkDetails.From).ToList());
    }

    internal static async Task<Ok<List<WorldDayDetails>>> ListWorldDays(AppDb db, CancellationToken cancellationToken)
    {
        var days = await db.WorldDays.AsNoTracking().OrderBy(w => w.Month).ThenBy(w => w.Day).ThenBy(w => w.Code).ToListAsync(cancellationToken);
        return TypedResults.Ok(days.Select(WorldDayDetails.From).ToList());
    }

    // ---- Shared steps ------------------------------------------------------------------------------------------

    /// <summary>A 412 saying what changed since the version If-Match names (<paramref name="read"/>), by whom and when.</summary>
    private static async Task<ProblemHttpResult> StaleAsync(AppDb db, Engagement engagement, string ifMatch, int? read,
        CancellationToken cancellationToken)
    {
        var current = engagement.Version;
        var extensions = new Dictionary<string, object?> { ["currentVersion"] = current };
        string detail;
        if (read is null)
        {
            detail = $"If-Match ({ifMatch.Trim()}) ne désigne aucune version de cet engagement ; sa version actuelle est \"{current}\".";
        }
        else
        {
            var (fields, changes) = await EngagementChanges.SinceAsync(db, engagement, read.Value, cancellationToken);
            var by = string.Join(" ; ", changes.Select(c =>
                $"version {c.Version} par {c.Actor} le {c.At.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC" +
                (c.Fields.Count > 0 ? $" ({string.Join(", ", c.Fields)})" : "")));
            detail = $"Cet engagement a changé depuis la version {read} que vous avez lue (version actuelle : {current}). " +
                     (fields.Count > 0 ? $"Champs modifiés : {string.Join(", ", fields)}. " : "") +
                     (by.Length > 0 ? $"Modifications : {by}. " : "") +
                     $"Relisez-le (GET) puis renvoyez vos changements avec If-Match: \"{current}\".";
            extensions["changedFields"] = fields;
            extensions["changes"] = changes;
        }
        return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Version périmée", detail: detail, extensions: extensions);
    }

    /// <summary>The JSON body as <paramref name="type"/>; a malformed body is a 400 naming the field where it broke.</summary>
    internal static async Task<(object? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, Type type, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Corps JSON attendu",
                detail: "Envoyez le corps en JSON, avec « Content-Type: application/json »."));
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (ligne {line + 1}, position {e.BytePositionInLine + 1})" : "";
            return (null, Malformed("body", $"Le corps n'est pas un JSON valide{where}."));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, Malformed("body", "Le corps doit être un objet JSON ({ … })."));
            try
            {
                return (document.Deserialize(type, options), null);
            }
            catch (JsonException e)
            {
                var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
                return (null, Malformed(field, JsonBodies.IsInvalidText(e)
                    ? JsonBodies.InvalidTextMessage
                    : "Valeur JSON d'un autre type qu'attendu pour ce champ (texte, nombre, objet ou liste)."));
            }
        }
    }

    private static ProblemHttpResult Malformed(string field, string message) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest, Title = "JSON invalide", Detail = message,
        });

    internal static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Saisie invalide",
            detail: string.Join(" ", errors.Select(e => $"{e.Key} : {string.Join(" ", e.Value)}")));

    /// <summary>
    /// 422 naming the field; for a partner name not resolved, its candidates (« candidates ») in its country to pick a
    /// GeoNames id from, and when that country has none, the same name elsewhere apart (« otherCountries »).
    /// </summary>
    internal static ProblemHttpResult Broken(DomainRuleException rule)
    {
        var problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [rule.Field] = [rule.Message] })
        {
            Status = StatusCodes.Status422UnprocessableEntity, Title = "Règle non respectée", Detail = rule.Message,
        };
        if (rule.Candidates is { } candidates) problem.Extensions["candidates"] = candidates;
        if (rule.OtherCountries is { Count: > 0 } elsewhere) problem.Extensions["otherCountries"] = elsewhere;
        return TypedResults.Problem(problem);
    }

    internal static ProblemHttpResult Unauthenticated(HttpContext http)
    {
        http.Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer");
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentification requise",
            detail: "Identifiez-vous : « Authorization: Bearer <jeton d'API> » (jeton personnel créé dans l'espace de travail ou par « users token »).");
    }

    private static ProblemHttpResult Forbidden(string communeCode) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Accès refusé",
            detail: $"Votre compte n'a pas les droits nécessaires sur la commune {communeCode} (agent de la commune ou administrateur).");

    private static ProblemHttpResult UnknownCommune(string insee) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Commune inconnue",
            detail: $"Aucune commune actuelle n'a le code INSEE « {insee} » dans le Code officiel géographique chargé.");

    private static ProblemHttpResult UnknownEngagement(Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Engagement inconnu",
            detail: $"Aucun engagement {id} ne vous est accessible.");

    private static void SetETag(HttpContext http, Engagement engagement) =>
        http.Response.Headers.ETag = $"\"{engagement.Version.ToString(CultureInfo.InvariantCulture)}\"";

    private static JsonElement? JsonObjectOf(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
