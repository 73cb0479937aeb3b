using System.Security.Claims;
using CityDiplomacy.Data;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Accounts;

/// <summary>
/// Per-commune authorization, asked on every read of internal data and every write. Answers from the database
/// (roles and assignments), not from claims cached in a cookie, so a withdrawn assignment takes effect at once.
/// </summary>
public sealed class CommuneAccess(AppDb db, IHttpContextAccessor http)
{
    private string[]? _roles;

    public ClaimsPrincipal? User => http.HttpContext?.User;

    public bool IsAuthenticated => User?.Identity?.IsAuthenticated == true;

    public string? UserId => IsAuthenticated ? User!.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public async Task<bool> IsAdministratorAsync(CancellationToken cancellationToken = default) =>
        (await RolesAsync(cancellationToken)).Contains(Roles.Administrator);

    /// <summary>Administrators, and officers assigned to the commune.</summary>
    public async Task<bool> CanEditAsync(string communeCode, CancellationToken cancellationToken = default)
    {
        var roles = await RolesAsync(cancellationToken);
        if (roles.Contains(Roles.Administrator)) return true;
        return roles.Contains(Roles.Officer) && await AssignedAsync(communeCode, cancellationToken);
    }

    /// <summary>Administrators, and officers or viewers assigned to the commune: they see internal items.</summary>
    public async Task<bool> CanReadInternalAsync(string communeCode, CancellationToken cancellationToken = default)
    {
        var roles = await RolesAsync(cancellationToken);
        if (roles.Contains(Roles.Administrator)) return true;
        return (roles.Contains(Roles.Officer) || roles.Contains(Roles.Viewer)) && await AssignedAsync(communeCode, cancellationToken);
    }

    /// <summary>Administrators and monitors: they import evidence files and enter local alerts.</summary>
    public async Task<bool> CanMaintainEvidenceAsync(CancellationToken cancellationToken = default)
    {
        var roles = await RolesAsync(cancellationToken);
        return roles.Contains(Roles.Administrator) || roles.Contains(Roles.Monitor);
    }

    /// <summary>Administrators and monitors: they run advocacy campaigns (lists, answers, commitments).</summary>
    public Task<bool> CanRunCampaignsAsync(CancellationToken cancellationToken = default) => CanMaintainEvidenceAsync(cancellationToken);

    /// <summary>The communes the user works for (every commune with an engagement, for an administrator: null).</summary>
    public async Task<IReadOnlyList<string>?> AssignedCommunesAsync(CancellationToken cancellationToken = default)
    {
        if (UserId is not { } userId) return [];
        if (await IsAdministratorAsync(cancellationToken)) return null;
        return await db.CommuneAssignments.AsNoTracking().Where(a => a.UserId == userId)
            .Select(a => a.CommuneCode).OrderBy(c => c).ToListAsync(cancellationToken);
    }

    private async Task<bool> AssignedAsync(string communeCode, CancellationToken cancellationToken) =>
        UserId is { } userId && await db.CommuneAssignments.AsNoTracking()
            .AnyAsync(a => a.UserId == userId && a.CommuneCode == communeCode, cancellationToken);

    private async Task<string[]> RolesAsync(CancellationToken cancellationToken)
    {
        if (_roles is not null) return _roles;
        if (UserId is not { } userId) return _roles = [];
        return _roles = await db.UserRoles.AsNoTracking().Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToArrayAsync(cancellationToken);
    }
}
