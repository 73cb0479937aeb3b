using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CityDiplomacy.Screening;

/// <summary>Body of « POST /api/flags/{id}/decision ».</summary>
public sealed record FlagDecisionInput(string? State, string? Decision, DateOnly? DecidedOn, string? Deliberation, string? PublicAnswer)
{
    public static FlagState? ParseState(string? state) => state?.Trim().ToLowerInvariant() switch
    {
        "acknowledged" => FlagState.Acknowledged,
        "decided" => FlagState.Decided,
        "new" => FlagState.New,
        _ => null,
    };
}

/// <summary>
/// Screening in the JSON API: a commune's flags (public engagements for everyone, all of them for its officers and
/// viewers), the commune's decision on a flag (officer; If-Match: 428/412/409; audited), and an Atom feed of the
/// flags for feed readers (anonymous: public flags; « Authorization: Bearer &lt;personal token&gt; »: all the flags the
/// token's user may read).
/// </summary>
public static class ScreeningApi
{
    private const string Tag = "Screening";

    public static IServiceCollection AddScreening(this IServiceCollection services)
    {
        services.AddSingleton(sp => ScreeningRules.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddScoped<ScreeningService>();
        return services;
    }

    public static IEndpointRouteBuilder MapScreening(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/communes/{insee}/screening", ListFlags).WithTags(Tag).WithName("ListScreeningFlags")
            .WithSummary("Signalements de la veille droits humains d'une commune")
            .WithDescription("Les signalements des engagements publics pour tous ; ceux des engagements internes aussi pour les agents et lecteurs de la commune. ?includeResolved=true ajoute l'historique résolu.")
            .AcceptsApiToken()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/communes/{insee}/screening/feed", Feed).WithTags(Tag).WithName("ScreeningFeed")
            .WithSummary("Flux Atom des signalements d'une commune")
            .WithDescription("Anonyme : signalements publics. Avec « Authorization: Bearer <jeton personnel> » : tous ceux que l'utilisateur peut lire.")
            .AcceptsApiToken()
            .Produces<string>(StatusCodes.Status200OK, "application/atom+xml")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapPost("/api/flags/{id:guid}/decision", Decide).WithTags(Tag).WithName("DecideScreeningFlag")
            .WithSummary("Réponse de la commune à un signalement")
            .WithDescription("Corps : { state: acknowledged|decided, decision, decidedOn, deliberation, publicAnswer }. If-Match obligatoire (ETag du signalement).")
            .Accepts<FlagDecisionInput>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return app;
    }

    internal static async Task<Results<Ok<List<FlagView>>, ProblemHttpResult>> ListFlags(
        string insee, bool? includeResolved, AppDb db, CommuneAccess access, CancellationToken cancellationToken)
    {
        if (await CurrentCommuneAsync(db, insee, cancellationToken) is not { } code) return UnknownCommune(insee);
        var internalToo = await access.CanReadInternalAsync(code, cancellationToken);
        return TypedResults.Ok(await db.ListAsync(code, internalToo, includeResolved ?? false, cancellationToken: cancellationToken));
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> Feed(
        string insee, HttpContext http, AppDb db, CommuneAccess access, CancellationToken cancellationToken)
    {
        if (await CurrentCommuneAsync(db, insee, cancellationToken) is not { } code) return UnknownCommune(insee);
        var internalToo = await access.CanReadInternalAsync(code, cancellationToken);
        var flags = (await db.ListAsync(code, internalToo, includeResolved: true, cancellationToken: cancellationToken))
            .OrderByDescending(f => f.LastChangedAt).ThenBy(f => f.Id).Take(200).ToList();
        var name = await db.Communes.AsNoTracking().Where(c => c.Code == code && c.Kind == CommuneKind.Current).Select(c => c.Name).FirstAsync(cancellationToken);
        var origin = Portal.ProxySetup.PublicOrigin(http);
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Text(AtomFeed.Write(origin, code, name, flags, internalToo), "application/atom+xml; charset=utf-8", Encoding.UTF8);
    }

    internal static async Task<Results<Ok<FlagView>, ValidationProblem, ProblemHttpResult>> Decide(
        Guid id, HttpContext http, AppDb db, CommuneAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!access.IsAuthenticated)
        {
            http.Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer");
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentification requise",
                detail: "Identifiez-vous : « Authorization: Bearer <jeton d'API> ».");
        }
        var flag = await db.ScreeningFlags.FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        var visible = flag is not null && (await access.CanReadInternalAsync(flag.CommuneCode, cancellationToken)
            || (flag.Audience == FlagAudience.Public
                && await db.Engagements.AnyAsync(e => e.Id == flag.EngagementId && e.Visibility == Visibility.Public && e.DismissedOn == null, cancellationToken)));
        if (flag is null || !visible)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Signalement inconnu",
                detail: $"Aucun signalement {id} ne vous est accessible.");
        if (!await access.CanEditAsync(flag.CommuneCode, cancellationToken))
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Accès refusé",
                detail: $"Seuls les agents de la commune {flag.CommuneCode} et les administrateurs répondent à ses signalements.");

        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*")
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match obligatoire",
                detail: $"Envoyez l'ETag lu (If-Match: \"{flag.Version}\" pour la version actuelle) : une réponse ne doit rien écraser sans le savoir.");
        var versions = EntityTagHeaderValue.TryParseList([ifMatch], out var tags)
            ? tags!.Where(t => !t.IsWeak).Select(t => int.TryParse(t.Tag.Value?.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1).ToList()
            : [];
        if (!versions.Contains(flag.Version))
        {
            SetETag(http, flag.Version);
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Version périmée",
                detail: $"Ce signalement a changé depuis la version que vous avez lue (If-Match {ifMatch.Trim()}, version actuelle \"{flag.Version}\") : " +
                        $"état « {FlagViews.Label(flag.State)} », dernière modification le {flag.LastChangedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC. Relisez-le puis recommencez.",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = flag.Version });
        }

        if (!http.Request.HasJsonContentType())
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Corps JSON attendu",
                detail: "Envoyez le corps en JSON, avec « Content-Type: application/json ».");
        FlagDecisionInput? input;
        try
        {
            var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            input = await JsonSerializer.DeserializeAsync<FlagDecisionInput>(http.Request.Body, options, cancellationToken);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = ["JSON invalide pour ce champ (dates au format AAAA-MM-JJ)."] },
                title: "JSON invalide");
        }
        if (input is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Le corps doit être un objet JSON."] }, title: "JSON invalide");
        if (FlagDecisionInput.ParseState(input.State) is not { } state)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"« {input.State} » : l'état est acknowledged ou decided."] },
                title: "Saisie invalide");
        try
        {
            flag.Answer(state, input.Decision, input.DecidedOn, input.Deliberation, input.PublicAnswer,
                DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(1));
        }
        catch (DomainRuleException rule)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [rule.Field] = [rule.Message] })
            {
                Status = StatusCodes.Status422UnprocessableEntity, Title = "Règle non respectée", Detail = rule.Message,
            });
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Écriture concurrente",
                detail: "Ce signalement a été modifié par une autre requête pendant votre enregistrement : rien n'a été écrasé. Relisez-le puis recommencez.");
        }
        SetETag(http, flag.Version);
        var view = (await db.ListAsync(flag.CommuneCode, includeInternal: true, includeResolved: true, engagementId: flag.EngagementId, cancellationToken: cancellationToken))
            .First(f => f.Id == flag.Id);
        return TypedResults.Ok(view);
    }

    private static void SetETag(HttpContext http, int version) =>
        http.Response.Headers.ETag = $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    private static async Task<string?> CurrentCommuneAsync(AppDb db, string insee, CancellationToken cancellationToken)
    {
        if (!Commune.IsWellFormedCode(insee)) return null;
        var code = insee.ToUpperInvariant();
        return await db.Communes.AsNoTracking().AnyAsync(c => c.Code == code && c.Kind == CommuneKind.Current, cancellationToken) ? code : null;
    }

    private static ProblemHttpResult UnknownCommune(string insee) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Commune inconnue",
            detail: $"Aucune commune actuelle n'a le code INSEE « {insee} » dans le Code officiel géographique chargé.");
}

/// <summary>An RFC 4287 Atom feed of a commune's flags: one entry per flag, updated when it changes.</summary>
public static class AtomFeed
{
    private const string Atom = "http://www.w3.org/2005/Atom";

    public static string Write(string origin, string communeCode, string communeName, IReadOnlyList<FlagView> flags, bool internalToo)
    {
        var builder = new StringBuilder();
        using (var xml = XmlWriter.Create(builder, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            xml.WriteStartElement("feed", Atom);
            xml.WriteAttributeString("xml", "lang", null, "fr");
            xml.WriteElementString("id", Atom, $"{origin}/api/communes/{communeCode}/screening/feed");
            xml.WriteElementString("title", Atom, Engagements.TextRule.ForDisplay($"Veille droits humains — {communeName}") + (internalToo ? " (espace de travail)" : ""));
            xml.WriteElementString("updated", Atom, Instant(flags.Count == 0 ? DateTime.UnixEpoch : flags.Max(f => f.LastChangedAt)));
            xml.WriteStartElement("author", Atom);
            xml.WriteElementString("name", Atom, "CityDiplomacy");
            xml.WriteEndElement();
            Link(xml, "self", $"{origin}/api/communes/{communeCode}/screening/feed");
            Link(xml, "alternate", internalToo ? $"{origin}/espace/communes/{communeCode}/veille" : $"{origin}/communes/{communeCode}");
            foreach (var f in flags)
            {
                xml.WriteStartElement("entry", Atom);
                xml.WriteElementString("id", Atom, $"urn:uuid:{f.Id}");
                var status = f.ResolvedAt is not null ? "résolu — " : "";
                xml.WriteElementString("title", Atom,
                    Engagements.TextRule.ForDisplay($"{status}{FlagViews.RuleLabel(f.RuleId)} ({FlagViews.Label(Enum.Parse<FlagSeverity>(f.Severity, true))}) : {f.EngagementTitle}"));
                xml.WriteElementString("updated", Atom, Instant(f.LastChangedAt));
                xml.WriteElementString("published", Atom, Instant(f.FirstSeenAt));
                Link(xml, "alternate", internalToo ? $"{origin}/espace/engagements/{f.EngagementId}" : $"{origin}/communes/{communeCode}#signalement-{f.Id}");
                xml.WriteStartElement("category", Atom);
                xml.WriteAttributeString("term", f.RuleId);
                xml.WriteEndElement();
                var summary = new StringBuilder(f.Explanation);
                foreach (var e in f.Evidence) summary.Append($"\nSource : {e.SourceName}{(e.Url is null ? "" : " " + e.Url)}{(e.Date is null ? "" : " (" + e.Date + ")")}");
                summary.Append($"\nÉtat : {FlagViews.Label(Enum.Parse<FlagState>(f.State, true))}");
                if (f.PublicAnswer is not null) summary.Append($"\nRéponse de la commune : {f.PublicAnswer}");
                xml.WriteStartElement("summary", Atom);
                xml.WriteAttributeString("type", "text");
                // Text stored before the text rule may hold characters XML cannot carry: removed, never a broken feed.
                xml.WriteString(Engagements.TextRule.ForDisplay(summary.ToString()));
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    private static void Link(XmlWriter xml, string rel, string href)
    {
        xml.WriteStartElement("link", Atom);
        xml.WriteAttributeString("rel", rel);
        xml.WriteAttributeString("href", href);
        xml.WriteEndElement();
    }

    private static string Instant(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
