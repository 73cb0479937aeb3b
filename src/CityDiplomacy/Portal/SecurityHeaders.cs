namespace CityDiplomacy.Portal;

/// <summary>Security headers on every response; a strict content policy on our pages (they need no script).</summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string PagePolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.XFrameOptions = "DENY";
        // The API reference (Scalar) runs its own scripts and styles.
        if (!context.Request.Path.StartsWithSegments("/api/docs") && !context.Request.Path.StartsWithSegments("/scalar"))
            headers.ContentSecurityPolicy = PagePolicy;
        return next(context);
    }
}
