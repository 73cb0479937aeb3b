using System.Globalization;
using CityDiplomacy.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Accounts;

[AllowAnonymous]
public sealed class SignInModel(SignInManager<User> signIn, SignInThrottle throttle, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>Longer input is not hashed: PBKDF2 over megabytes would be a cheap denial of service.</summary>
    public const int MaxPasswordLength = 1024;

    /// <summary>Where the workspace starts, when the sign-in was not asked by another page.</summary>
    public const string DefaultReturnUrl = "/espace";

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public FormErrors Errors { get; } = new();

    public void OnGet() => ReturnUrl = LocalOrNull(ReturnUrl);

    public async Task<IActionResult> OnPostAsync()
    {
        ReturnUrl = LocalOrNull(ReturnUrl);
        Email = Email?.Trim();
        if (string.IsNullOrEmpty(Email)) Errors.Add("email", l["Saisissez votre adresse électronique."]);
        if (string.IsNullOrEmpty(Password)) Errors.Add("password", l["Saisissez votre mot de passe."]);
        if (Errors.Any) return Page();

        // The client's address, as the trusted proxy forwarded it.
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.Wait(address, Email!) is { } wait)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            Errors.Add(null, l["Trop de tentatives de connexion : réessayez dans {0} s.", seconds]);
            return Page();
        }

        var user = Password!.Length <= MaxPasswordLength ? await signIn.UserManager.FindByEmailAsync(Email!) : null;
        if (user is null)
        {
            // As long as for a real account: the answer's delay does not tell whether the address has one.
            if (Password.Length <= MaxPasswordLength) signIn.UserManager.PasswordHasher.HashPassword(new User(), Password);
            throttle.Failed(address, Email!);
            Errors.Add(null, l["Identifiant ou mot de passe incorrect."]);
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            throttle.Succeeded(address, Email!);
            return LocalRedirect(ReturnUrl ?? DefaultReturnUrl);
        }
        throttle.Failed(address, Email!);
        Errors.Add(null, l["Identifiant ou mot de passe incorrect."]);
        return Page();
    }

    private string? LocalOrNull(string? url) => !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : null;
}
