using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IStringLocalizer<SharedResource> l) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int? code) => Describe(code ?? HttpContext.Response.StatusCode);

    public void OnPost(int? code) => Describe(code ?? HttpContext.Response.StatusCode);

    private void Describe(int code)
    {
        (Title, Message) = code switch
        {
            404 => (l["Page introuvable"], l["La page demandée n'existe pas. Vérifiez l'adresse ou cherchez une commune depuis l'accueil."]),
            400 => (l["Requête invalide"], l["La requête n'a pas pu être comprise."]),
            403 => (l["Accès refusé"], l["Vous n'avez pas les droits nécessaires pour cette page."]),
            413 => (l["Requête trop volumineuse"], l["Le contenu envoyé dépasse la taille acceptée."]),
            429 => (l["Trop de requêtes"], l["Vous avez envoyé trop de requêtes en peu de temps. Réessayez dans {0} s.",
                HttpContext.Items[Portal.PublicReadLimits.RetryAfterItem] is int wait ? wait : 60]),
            _ => (l["Erreur"], l["Une erreur est survenue. Elle a été journalisée ; réessayez plus tard."]),
        };
        if (HttpContext.Items[Portal.PublicReadLimits.RetryAfterItem] is int seconds)
            HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Shown at /erreur directly, keep the status the request would have had.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerPathFeature>() is null && code != 200)
            HttpContext.Response.StatusCode = code is >= 400 and < 600 ? code : 404;
    }
}
