using System.Security.Claims;
using System.Text.Encodings.Web;
using CityDiplomacy.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CityDiplomacy.Accounts;

/// <summary>
/// « Authorization: Bearer cd_… »: finds the token by its hash; an unknown or revoked token fails, which gives a 401
/// with « WWW-Authenticate: Bearer » on any endpoint that needs a user.
/// </summary>
internal sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, AppDb db) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    private const string BearerPrefix = "Bearer ";
    private static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    public static bool HasBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasBearer(Request)) return AuthenticateResult.NoResult();
        var secret = Request.Headers.Authorization.ToString()[BearerPrefix.Length..].Trim();
        if (!PersonalTokens.IsWellFormed(secret)) return AuthenticateResult.Fail("Jeton d'API mal formé.");

        var hash = PersonalTokens.Hash(secret);
        var token = await db.ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash)
            .Select(t => new { t.Id, t.UserId, t.RevokedAt, t.LastUsedAt })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (token is null) return AuthenticateResult.Fail("Jeton d'API inconnu.");
        if (token.RevokedAt is not null) return AuthenticateResult.Fail("Jeton d'API révoqué.");

        var user = await db.Users.AsNoTracking().Where(u => u.Id == token.UserId)
            .Select(u => new { u.Id, u.Email, u.UserName })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("Jeton d'API sans compte.");
        var roles = await db.UserRoles.AsNoTracking().Where(ur => ur.UserId == user.Id)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(Context.RequestAborted);

        await TouchAsync(token.Id, token.LastUsedAt);

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id),
                new Claim(ClaimTypes.Name, user.Email ?? user.UserName ?? user.Id),
                .. roles.Select(role => new Claim(ClaimTypes.Role, role)),
            ],
            Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750: a token was sent but could not be used.
        Response.Headers.Append(HeaderNames.WWWAuthenticate, HasBearer(Request) ? "Bearer error=\"invalid_token\"" : "Bearer");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Records the use at most once a minute. A direct UPDATE, not SaveChanges: the time of last use is bookkeeping,
    /// not a change to audit, and the condition keeps concurrent requests from writing it twice.
    /// </summary>
    private async Task TouchAsync(long id, DateTime? lastUsedAt)
    {
        var now = TimeProvider.GetUtcNow().UtcDateTime;
        if (lastUsedAt is { } last && now - DateTime.SpecifyKind(last, DateTimeKind.Utc) < LastUsedPrecision) return;
        var threshold = now - LastUsedPrecision;
        await db.ApiTokens
            .Where(t => t.Id == id && (t.LastUsedAt == null || t.LastUsedAt <= threshold))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
    }
}
