using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CityDiplomacy.Accounts;

/// <summary>Marks an operation that answers anyone but shows more to a caller with a token (internal entries of their commune).</summary>
public sealed class OptionalApiTokenMetadata;

/// <summary>
/// The API token in the OpenAPI document: the bearer scheme, and on every operation who may call it. An operation needs
/// the token when its route requires authorization or it declares a 401 answer (handlers that check the caller
/// themselves): <c>security: [{ ApiToken: [] }]</c>, with a 401 response. One marked <see cref="OptionalApiTokenMetadata"/>
/// takes it if given: <c>[{}, { ApiToken: [] }]</c>. Any other is anonymous: <c>security: []</c>, said explicitly so that
/// a linter knows it was not forgotten.
/// </summary>
public static class OpenApiSecurity
{
    public enum Access { Anonymous, OptionalToken, Token }

    public static RouteHandlerBuilder AcceptsApiToken(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new OptionalApiTokenMetadata());

    public static Access Of(IEnumerable<object> metadata, IEnumerable<int> responseStatusCodes)
    {
        var items = metadata.ToList();
        if (items.OfType<IAuthorizeData>().Any() || responseStatusCodes.Contains(StatusCodes.Status401Unauthorized)) return Access.Token;
        return items.OfType<OptionalApiTokenMetadata>().Any() ? Access.OptionalToken : Access.Anonymous;
    }

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiTokenHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "Jeton d'API personnel (« cd_… »), créé sur la page « Mes jetons d'API » ou par « users token » ; révocable.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var description = context.Description;
            var access = Of(description.ActionDescriptor.EndpointMetadata, description.SupportedResponseTypes.Select(r => r.StatusCode));
            var token = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiTokenHandler.SchemeName, context.Document)] = [] };
            operation.Security = access switch
            {
                Access.Token => [token],
                Access.OptionalToken => [new OpenApiSecurityRequirement(), token],
                _ => [],
            };
            if (access == Access.Token)
            {
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("401", new OpenApiResponse { Description = "Authentification requise (« Authorization: Bearer <jeton d'API> »)." });
            }
            return Task.CompletedTask;
        });
    }
}
