using Microsoft.AspNetCore.Localization;

namespace CityDiplomacy.Portal;

internal static class LanguageSwitch
{
    /// <summary>GET /langue?culture=en&amp;retour=/communes/45284 : remembers the choice in a cookie, no script needed.</summary>
    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/langue", (HttpContext context, TimeProvider time, string? culture, string? retour) =>
        {
            var chosen = WebApp.Cultures.FirstOrDefault(c => c.Name == culture || c.TwoLetterISOLanguageName == culture)
                ?? WebApp.Cultures[0];
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = time.GetUtcNow().AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps });
            return Results.LocalRedirect(IsLocalPath(retour) ? retour! : "/");
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A path of this site: « /x », never « //host », « /\host » nor a control character (which browsers drop, turning
    /// « /%09/host » into « //host »). What LocalRedirect accepts, checked before it throws.
    /// </summary>
    internal static bool IsLocalPath(string? url) =>
        url is { Length: > 0 and <= 2048 } && url[0] == '/'
        && !(url.Length > 1 && url[1] is '/' or '\\')
        && !url.Any(char.IsControl);
}
