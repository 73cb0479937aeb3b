using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Accounts;

/// <summary>The signed-in user's personal API tokens: list, create (the secret is shown once), revoke.</summary>
[Authorize]
public sealed class TokensModel(AppDb db, UserManager<User> users, IStringLocalizer<SharedResource> l, TimeProvider time) : PageModel
{
    [BindProperty] public string? Name { get; set; }

    /// <summary>The prefix of the token revoked by the previous request, to confirm it.</summary>
    [BindProperty(SupportsGet = true, Name = "revoque")] public string? RevokedPrefix { get; set; }

    public FormErrors Errors { get; } = new();
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    /// <summary>The token just created: in this response only, never stored in clear.</summary>
    public string? NewSecret { get; private set; }

    private string UserId => users.GetUserId(User)!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (RevokedPrefix is not null && !Tokens.Any(t => t.Prefix == RevokedPrefix && t.RevokedAt is not null)) RevokedPrefix = null;
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        RevokedPrefix = null;
        Name = Name?.Trim();
        if (string.IsNullOrEmpty(Name)) Errors.Add("nom", l["Donnez un nom au jeton, pour le reconnaître."]);
        else if (Name.Length > PersonalTokens.MaxNameLength)
            Errors.Add("nom", l["Le nom du jeton compte au plus {0} caractères.", PersonalTokens.MaxNameLength]);
        if (!Errors.Any)
        {
            var (token, secret) = PersonalTokens.Create(UserId, Name!, time.GetUtcNow().UtcDateTime);
            db.ApiTokens.Add(token);
            await db.SaveChangesAsync(cancellationToken);
            NewSecret = secret;
            Name = null;
            // The secret must not outlive this page in a cache.
            Response.Headers.CacheControl = "no-store";
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken cancellationToken)
    {
        var userId = UserId;
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.UserId == userId, cancellationToken);
        if (token is null) return NotFound();
        if (token.RevokedAt is null)
        {
            token.RevokedAt = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }
        return RedirectToPage(new { revoque = token.Prefix });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var userId = UserId;
        Tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.Id).ToListAsync(cancellationToken);
    }
}
