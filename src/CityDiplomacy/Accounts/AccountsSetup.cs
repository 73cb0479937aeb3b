using System.Security.Claims;
using CityDiplomacy.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;
using HeaderNames = Microsoft.Net.Http.Headers.HeaderNames;

namespace CityDiplomacy.Accounts;

/// <summary>
/// Identity (hashed passwords, lockout), the two ways in — the session cookie of the pages and personal API tokens —
/// and the per-commune authorization service.
/// </summary>
public static class AccountsSetup
{
    public const string CookieName = "citydiplomacy.session";
    public const string SignInPath = "/connexion";
    public const string SignOutPath = "/deconnexion";
    public const string AccessDeniedPath = "/acces-refuse";
    public const int MinPasswordLength = 12;

    /// <summary>Picks the bearer token when one is sent, else the cookie.</summary>
    private const string CookieOrToken = "CookieOrApiToken";

    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpContextAccessor();
        services.AddUserStore();
        services.Configure<SignInThrottleOptions>(configuration.GetSection(SignInThrottleOptions.Section));
        services.AddSingleton<SignInThrottle>();
        // The session cookie is checked against the account's security stamp on every request: signing out (which
        // renews the stamp) ends every copy of the cookie at once, not at its expiry.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieOrToken;
                o.DefaultChallengeScheme = CookieOrToken;
                o.DefaultForbidScheme = CookieOrToken;
            })
            .AddPolicyScheme(CookieOrToken, "Cookie ou jeton d'API", o => o.ForwardDefaultSelector = context =>
                ApiTokenHandler.HasBearer(context.Request) ? ApiTokenHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, "Jeton d'API", null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Plain http is allowed for local use and tests; behind https the cookie is marked Secure.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = SignInPath;
            o.LogoutPath = SignOutPath;
            o.AccessDeniedPath = AccessDeniedPath;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // The API answers with status codes: a script cannot follow a redirect to a sign-in form.
            o.Events.OnRedirectToLogin = context =>
            {
                if (!IsApi(context.Request)) return Redirect(context);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.Append(HeaderNames.WWWAuthenticate, "Bearer");
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = context =>
            {
                if (!IsApi(context.Request)) return Redirect(context);
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddAuthorization();
        services.AddScoped<CommuneAccess>();
        services.Configure<OpenApiOptions>("v1", OpenApiSecurity.Configure);
        return services;
    }

    /// <summary>
    /// Users, roles and password rules, without the web: shared by the host and the « users » verbs. NIST SP 800-63B:
    /// a long password, no composition rules. No lockout, which a stranger could trigger: failures are throttled by
    /// <see cref="SignInThrottle"/> instead.
    /// </summary>
    internal static IServiceCollection AddUserStore(this IServiceCollection services)
    {
        services.AddIdentityCore<User>(o =>
            {
                o.Password.RequiredLength = MinPasswordLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                o.Lockout.AllowedForNewUsers = false;
                o.User.RequireUniqueEmail = true;
                // The user name is the e-mail address, already validated as one.
                o.User.AllowedUserNameCharacters = "";
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDb>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<FrenchIdentityErrors>();
        return services;
    }

    /// <summary>Creates the roles that are missing; run at every start, after the migrations.</summary>
    public static async Task SeedRolesAsync(AppDb db, CancellationToken cancellationToken = default)
    {
        var existing = await db.Roles.AsNoTracking().Select(r => r.Name).ToListAsync(cancellationToken);
        var missing = Roles.All.Except(existing.OfType<string>(), StringComparer.Ordinal).ToList();
        if (missing.Count == 0) return;
        db.Roles.AddRange(missing.Select(name => new IdentityRole(name) { NormalizedName = name.ToUpperInvariant() }));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another process (a second instance, a CLI verb) may have created them at the same moment.
            db.ChangeTracker.Clear();
            if (!await AllRolesExistAsync(db, cancellationToken)) throw;
        }
    }

    private static async Task<bool> AllRolesExistAsync(AppDb db, CancellationToken cancellationToken) =>
        await db.Roles.AsNoTracking().CountAsync(r => Roles.All.Contains(r.Name!), cancellationToken) == Roles.All.Length;

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", GetMe)
            .RequireAuthorization()
            .WithName("GetMe")
            .WithTags("Comptes")
            .WithSummary("Le compte connecté")
            .WithDescription("Identifiant, adresse électronique, nom affiché, rôles et communes du compte qui appelle, " +
                             "par le cookie de session ou par « Authorization: Bearer <jeton d'API> ». 401 sans authentification.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    /// <summary>The account behind the request; roles and communes are read from the database, not from the claims.</summary>
    public sealed record MeDetails(string Id, string Email, string? DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Communes);

    internal static async Task<Results<Ok<MeDetails>, UnauthorizedHttpResult>> GetMe(
        ClaimsPrincipal principal, AppDb db, CancellationToken cancellationToken)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.Id, u.Email, u.DisplayName })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null) return TypedResults.Unauthorized(); // a session that outlived its account
        var roles = await db.UserRoles.AsNoTracking().Where(ur => ur.UserId == user.Id)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .OrderBy(name => name).ToListAsync(cancellationToken);
        var communes = await db.CommuneAssignments.AsNoTracking().Where(a => a.UserId == user.Id)
            .Select(a => a.CommuneCode).OrderBy(code => code).ToListAsync(cancellationToken);
        return TypedResults.Ok(new MeDetails(user.Id, user.Email ?? "", user.DisplayName, roles, communes));
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    private static Task Redirect<TOptions>(Microsoft.AspNetCore.Authentication.RedirectContext<TOptions> context)
        where TOptions : AuthenticationSchemeOptions
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
