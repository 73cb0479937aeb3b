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
                new CookieOptions { Expires = time.GetUtcNow().AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            var target = retour is { Length: > 0 } && retour.StartsWith('/') && !retour.StartsWith("//", StringComparison.Ordinal)
                && !retour.StartsWith("/\\", StringComparison.Ordinal) ? retour : "/";
            return Results.LocalRedirect(target);
        }).ExcludeFromDescription();
        return app;
    }
}
