using System.Globalization;
using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Settings;

/// <summary>What a settings command did: the settings (saved when <see cref="Status"/> is Done) or why not.</summary>
public sealed record SettingsCommandResult(CommandStatus Status)
{
    public string? CommuneCode { get; init; }
    /// <summary>The commune's SIREN in the Code officiel géographique, when known.</summary>
    public string? Siren { get; init; }
    public CommuneSettings? Settings { get; init; }
    public InputErrors? Errors { get; init; }
    /// <summary>The version stored now (0: no settings yet).</summary>
    public int CurrentVersion => Settings?.Version ?? 0;
}

/// <summary>
/// The one write path of a commune's settings, in the order of <see cref="EngagementCommands"/>: the user, the commune,
/// the right (an officer of the commune or an administrator, for reading too: the contact is internal), the version
/// read, the input (every error at once); then one audited save (<see cref="Auditing.AuditInterceptor"/>).
/// </summary>
public sealed class CommuneSettingsCommands(AppDb db, CommuneAccess access, TimeProvider time)
{
    public async Task<SettingsCommandResult> ReadAsync(string insee, CancellationToken cancellationToken = default)
    {
        var (refused, code, siren) = await CheckAsync(insee, cancellationToken);
        if (refused is not null) return refused;
        var settings = await db.Set<CommuneSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.CommuneCode == code, cancellationToken);
        return new(CommandStatus.Done) { CommuneCode = code, Siren = siren, Settings = settings };
    }

    /// <summary>
    /// Creates or replaces the settings. <paramref name="ifMatch"/> (the API's If-Match, « "3" ») or the input's version,
    /// when given, must name the version stored now (0 before the first save): otherwise <see cref="CommandStatus.Stale"/>.
    /// </summary>
    public async Task<SettingsCommandResult> SaveAsync(string insee, string? ifMatch, Func<ValueTask<CommuneSettingsInput?>> read,
        CancellationToken cancellationToken = default)
    {
        var (refused, code, siren) = await CheckAsync(insee, cancellationToken);
        if (refused is not null) return refused;
        var settings = await db.Set<CommuneSettings>().FirstOrDefaultAsync(s => s.CommuneCode == code, cancellationToken);
        var current = settings?.Version ?? 0;
        var result = new SettingsCommandResult(CommandStatus.Done) { CommuneCode = code, Siren = siren, Settings = settings };

        var expected = new ExpectedVersion(ifMatch, Required: false);
        if (!expected.Absent && !expected.Versions.Contains(current)) return result with { Status = CommandStatus.Stale };
        if (await read() is not { } input) return result with { Status = CommandStatus.Unreadable };
        if (input.Version is { } version && version != current) return result with { Status = CommandStatus.Stale };
        if (input.Validate(siren) is { Count: > 0 } errors) return result with { Status = CommandStatus.Invalid, Errors = errors };

        if (settings is null)
        {
            settings = new CommuneSettings(code!);
            db.Add(settings);
        }
        settings.Apply(input, time.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent save changed the row (its version) or created it first.
            return result with { Status = CommandStatus.Conflict, Settings = null };
        }
        return result with { Settings = settings };
    }

    /// <summary>The version as an ETag.</summary>
    public static string ETag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    private async Task<(SettingsCommandResult? Refused, string? Code, string? Siren)> CheckAsync(string insee, CancellationToken cancellationToken)
    {
        if (!access.IsAuthenticated) return (new(CommandStatus.Unauthenticated), null, null);
        if (!Commune.IsWellFormedCode(insee)) return (new(CommandStatus.UnknownCommune) { CommuneCode = insee }, null, null);
        var code = insee.ToUpperInvariant();
        var commune = await db.Communes.AsNoTracking().Where(c => c.Code == code && c.Kind == CommuneKind.Current)
            .Select(c => new { c.Siren }).FirstOrDefaultAsync(cancellationToken);
        if (commune is null) return (new(CommandStatus.UnknownCommune) { CommuneCode = code }, null, null);
        if (!await access.CanEditAsync(code, cancellationToken)) return (new(CommandStatus.Forbidden) { CommuneCode = code }, null, null);
        return (null, code, commune.Siren);
    }
}
