using System.Net.Sockets;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CityDiplomacy.Data;

/// <summary>
/// The database does not answer (stopped, restarting, unreachable, out of connections): the request gets a 503 with
/// Retry-After, as ProblemDetails for the API and a short page for people, never a stack trace. Nothing is kept
/// in a broken state: the next request opens a new connection, so the app recovers when the database is back.
/// </summary>
public static class DatabaseUnavailable
{
    public const int RetryAfterSeconds = 5;

    /// <summary>Whether an exception (or one it wraps) says the database cannot be reached, rather than a bug or bad data.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    // Connection failures (08), resources (53), operator intervention: shutdown, restart (57P0x), system errors (58),
                    // and a database that refuses connections for now (55000 at connection time).
                    return postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                           || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                               or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections
                           || (postgres.SqlState == PostgresErrorCodes.ObjectNotInPrerequisiteState
                               && postgres.MessageText.Contains("not currently accepting connections", StringComparison.Ordinal));
                case NpgsqlException npgsql when npgsql.InnerException is null or SocketException or IOException or TimeoutException
                                                 || npgsql.IsTransient:
                    return true;
                case SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED past the busy timeout
                    return true;
                case SocketException:
                    return true;
            }
        }
        return false;
    }

    public static async Task WriteAsync(HttpContext context, string detail)
    {
        var response = context.Response;
        if (response.HasStarted) return;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        if (IsApi(context.Request.Path))
        {
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service momentanément indisponible",
                Detail = detail,
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            };
            var problems = context.RequestServices.GetService<IProblemDetailsService>();
            if (problems is not null && await problems.TryWriteAsync(new() { HttpContext = context, ProblemDetails = problem })) return;
            await response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
            return;
        }
        // A page of its own: the usual error page goes through the layout, which may need the database.
        response.ContentType = "text/html; charset=utf-8";
        var encoded = HtmlEncoder.Default.Encode(detail);
        await response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="fr">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Service momentanément indisponible — Diplomatie des villes</title></head>
            <body>
            <main>
            <h1>Service momentanément indisponible</h1>
            <p>{encoded}</p>
            <p>Réessayez dans quelques secondes : <a href="{HtmlEncoder.Default.Encode(context.Request.Path + context.Request.QueryString)}">recharger la page</a>.</p>
            </main>
            </body>
            </html>
            """);
    }

    private static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health");
}

/// <summary>Turns an unreachable database into a 503 before the generic error handler turns it into a 500.</summary>
internal sealed class DatabaseUnavailableHandler(ILogger<DatabaseUnavailableHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseUnavailable.Is(exception)) return false;
        logger.LogWarning("Base de données injoignable pendant {Method} {Path} : {Message}",
            httpContext.Request.Method, httpContext.Request.Path, exception.GetBaseException().Message);
        await DatabaseUnavailable.WriteAsync(httpContext, "La base de données ne répond pas pour le moment.");
        return true;
    }
}
