using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CityDiplomacy.Portal;

/// <summary>Settings of the « RateLimiting » section: anonymous reads, per client IP address.</summary>
public sealed class PublicReadLimitOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests a client may send at once (the bucket's size).</summary>
    public int Burst { get; set; } = 300;

    /// <summary>Sustained requests per minute and per client.</summary>
    public int PerMinute { get; set; } = 1200;

    /// <summary>
    /// Leaves requests from the loopback address unlimited. Off by default: behind a reverse proxy that does not
    /// forward the client's address every visitor would come from loopback and escape the limit.
    /// </summary>
    public bool ExemptLoopback { get; set; }
}

/// <summary>
/// Rate limit of anonymous GET/HEAD requests per IP address (429 with Retry-After and a problem description),
/// and the CORS policy of the JSON API: read-only (GET/HEAD) from any origin, without credentials.
/// Signed-in users and API tokens are not limited here; writes need them.
/// </summary>
public static class PublicReadLimits
{
    public const string CorsPolicy = "public-read";

    public static IServiceCollection AddPublicReadLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PublicReadLimitOptions.Section).Get<PublicReadLimitOptions>() ?? new();
        if (options.Burst < 1 || options.PerMinute < 1)
            throw new InvalidOperationException("RateLimiting:Burst et RateLimiting:PerMinute doivent être au moins 1.");
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!options.Enabled || !IsPublicRead(context)) return RateLimitPartition.GetNoLimiter("unlimited");
                var address = context.Connection.RemoteIpAddress;
                if (options.ExemptLoopback && address is not null && IPAddress.IsLoopback(address))
                    return RateLimitPartition.GetNoLimiter("loopback");
                return RateLimitPartition.GetTokenBucketLimiter(address?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(60.0 / options.PerMinute),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
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

    private static bool IsPublicRead(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && !context.Request.Path.StartsWithSegments("/health")
        && !PublicCaching.IsPersonal(context);

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Trop de requêtes",
            Detail = $"Cette adresse a dépassé la limite de lectures publiques. Réessayez dans {seconds} s " +
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
}
