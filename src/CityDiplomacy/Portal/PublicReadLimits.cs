using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CityDiplomacy.Portal;

/// <summary>
/// Settings of the « RateLimiting » section: anonymous reads per client IP address, signed-in requests per account,
/// and expensive anonymous reads (national exports, resolution, search) per client and in total.
/// </summary>
public sealed class PublicReadLimitOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests a client may send at once (the bucket's size).</summary>
    public int Burst { get; set; } = 300;

    /// <summary>Sustained requests per minute and per client.</summary>
    public int PerMinute { get; set; } = 1200;

    /// <summary>Requests an account (session or API token) may send at once.</summary>
    public int AccountBurst { get; set; } = 600;

    /// <summary>Sustained requests per minute and per account, reads and writes together.</summary>
    public int AccountPerMinute { get; set; } = 3000;

    /// <summary>Expensive anonymous reads (national exports, resolution, search) one client may have running at once.</summary>
    public int ExpensivePerClient { get; set; } = 2;

    /// <summary>Expensive anonymous reads running at once for all clients together.</summary>
    public int ExpensiveTotal { get; set; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Expensive anonymous reads waiting for a slot (oldest first) before the next ones get 429.</summary>
    public int ExpensiveQueue { get; set; } = 16;

    /// <summary>
    /// Leaves requests from the loopback address unlimited. Off by default: behind a reverse proxy that does not
    /// forward the client's address every visitor would come from loopback and escape the limit.
    /// </summary>
    public bool ExemptLoopback { get; set; }
}

/// <summary>Marks an endpoint whose anonymous use is costly: it gets the stricter concurrency limit.</summary>
public sealed record ExpensiveAnonymousRead;

/// <summary>
/// Rate limits (429 with Retry-After and a problem description, or the error page for a page), and the CORS policy of
/// the JSON API: read-only (GET/HEAD) from any origin, without credentials. A request counts as signed in only once
/// authentication has succeeded: an absent, unknown or malformed credential is anonymous, whatever headers it sends.
/// <list type="bullet">
/// <item>anonymous GET/HEAD: a token bucket per client IP address (the address the trusted proxy forwarded);</item>
/// <item>signed in (session or API token): a token bucket per account, for every method;</item>
/// <item>expensive anonymous reads (<see cref="ExpensiveAnonymousRead"/>): at most a few at once per client and in total.</item>
/// </list>
/// </summary>
public static class PublicReadLimits
{
    public const string CorsPolicy = "public-read";

    /// <summary>Where the seconds to wait are left for the HTML error page that answers a limited page.</summary>
    public const string RetryAfterItem = "citydiplomacy.retry-after";

    /// <summary>Marks an endpoint (an export, a search…) as expensive when anonymous.</summary>
    public static TBuilder ExpensiveForAnonymous<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ExpensiveAnonymousRead());

    public static IServiceCollection AddPublicReadLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PublicReadLimitOptions.Section).Get<PublicReadLimitOptions>() ?? new();
        if (options.Burst < 1 || options.PerMinute < 1 || options.AccountBurst < 1 || options.AccountPerMinute < 1
            || options.ExpensivePerClient < 1 || options.ExpensiveTotal < 1 || options.ExpensiveQueue < 0)
            throw new InvalidOperationException(
                "RateLimiting : Burst, PerMinute, AccountBurst, AccountPerMinute, ExpensivePerClient et ExpensiveTotal doivent être au moins 1, ExpensiveQueue au moins 0.");
        services.AddRateLimiter(o =>
        {
            var byIdentity = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!options.Enabled || IsExempt(context)) return RateLimitPartition.GetNoLimiter("unlimited");
                if (AccountOf(context) is { } account)
                    return RateLimitPartition.GetTokenBucketLimiter("account:" + account, _ => Bucket(options.AccountBurst, options.AccountPerMinute));
                if (!IsRead(context)) return RateLimitPartition.GetNoLimiter("anonymous-write"); // forms carry antiforgery; sign-in has its own throttle
                if (ExemptAddress(options, context)) return RateLimitPartition.GetNoLimiter("loopback");
                return RateLimitPartition.GetTokenBucketLimiter("ip:" + ClientKey(context), _ => Bucket(options.Burst, options.PerMinute));
            });
            var expensivePerClient = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                !IsExpensiveAnonymous(options, context)
                    ? RateLimitPartition.GetNoLimiter("cheap")
                    : RateLimitPartition.GetConcurrencyLimiter("ip:" + ClientKey(context), _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = options.ExpensivePerClient,
                        QueueLimit = 0,
                    }));
            var expensiveTotal = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                !IsExpensiveAnonymous(options, context)
                    ? RateLimitPartition.GetNoLimiter("cheap")
                    : RateLimitPartition.GetConcurrencyLimiter("all", _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = options.ExpensiveTotal,
                        QueueLimit = options.ExpensiveQueue,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    }));
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(byIdentity, expensivePerClient, expensiveTotal);
            o.OnRejected = RejectAsync;
        });

        services.AddCors(o => o.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Get, HttpMethods.Head)
            .WithHeaders("Accept", "Accept-Language", "If-None-Match", "If-Modified-Since")
            .WithExposedHeaders("ETag", "Last-Modified", "Retry-After")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return services;
    }

    /// <summary>CORS on /api (read-only policy: a cross-origin write's preflight is refused).</summary>
    public static IApplicationBuilder UsePublicCors(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseCors(CorsPolicy));

    /// <summary>The signed-in account, once authentication has succeeded; null for anyone else.</summary>
    internal static string? AccountOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
            ? context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? context.User.Identity.Name ?? "?"
            : null;

    private static bool IsRead(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);

    /// <summary>Health probes, and the error page that answers a limited page (it must not be limited in turn).</summary>
    private static bool IsExempt(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/erreur");

    private static bool ExemptAddress(PublicReadLimitOptions options, HttpContext context) =>
        options.ExemptLoopback && context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    /// <summary>The client's address: the connection's, or the one a trusted proxy forwarded (see docs/deployment.md).</summary>
    private static string ClientKey(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static bool IsExpensiveAnonymous(PublicReadLimitOptions options, HttpContext context) =>
        options.Enabled && !IsExempt(context) && AccountOf(context) is null && !ExemptAddress(options, context)
        && context.GetEndpoint()?.Metadata.GetMetadata<ExpensiveAnonymousRead>() is not null;

    private static TokenBucketRateLimiterOptions Bucket(int burst, int perMinute) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromSeconds(60.0 / perMinute),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        // A token bucket says when the next token comes; a concurrency limit frees a slot when a running request ends.
        var concurrency = !rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        var seconds = concurrency ? 5 : Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        if (!IsApi(context.Request.Path))
        {
            // A page: the status-code page re-executes /erreur?code=429, which says it in HTML and in the user's language.
            context.Items[RetryAfterItem] = seconds;
            return;
        }
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Trop de requêtes",
            Detail = concurrency
                ? $"Trop de lectures coûteuses (exports nationaux, résolution, recherche) sont en cours pour cette adresse ou pour le serveur. Réessayez dans {seconds} s."
                : AccountOf(context) is not null
                    ? $"Ce compte a dépassé sa limite de requêtes. Réessayez dans {seconds} s."
                    : $"Cette adresse a dépassé la limite de lectures publiques. Réessayez dans {seconds} s " +
                      "(ou téléchargez les exports ouverts plutôt que de parcourir les pages une à une).",
            Type = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        };
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await writer.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            context.Response.ContentType = "application/problem+json";
            await context.Response.WriteAsJsonAsync(problem, cancellationToken);
        }
    }

    private static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi");
}
