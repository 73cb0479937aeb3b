using System.Globalization;
using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Places;
using CityDiplomacy.Reference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace CityDiplomacy.Engagements;

public enum EngagementTransition { Suspend, Resume, End }

/// <summary>How a command ended; every status but <see cref="Done"/> means nothing was saved.</summary>
public enum CommandStatus
{
    Done,
    /// <summary>No signed-in user.</summary>
    Unauthenticated,
    /// <summary>The commune code is malformed or names no current commune.</summary>
    UnknownCommune,
    /// <summary>No such engagement.</summary>
    NotFound,
    /// <summary>An internal engagement the user may not read: as if it did not exist, for the API.</summary>
    Hidden,
    /// <summary>The user may not edit the commune.</summary>
    Forbidden,
    /// <summary>The caller could not read an input (it has reported why).</summary>
    Unreadable,
    /// <summary>The input is invalid: <see cref="EngagementCommandResult.Errors"/>, every field at once.</summary>
    Invalid,
    /// <summary>A rule refused the change: <see cref="EngagementCommandResult.Rule"/> names the field.</summary>
    Broken,
    /// <summary>An update came without the version it was read at.</summary>
    PreconditionRequired,
    /// <summary>The version read is no longer the current one: <see cref="EngagementCommandResult.ReadVersion"/>.</summary>
    Stale,
    /// <summary>Another write saved the engagement between this command's read and its save.</summary>
    Conflict,
}

/// <summary>What a command did: the engagement (saved when <see cref="Status"/> is <see cref="CommandStatus.Done"/>) or why not.</summary>
public sealed record EngagementCommandResult(CommandStatus Status)
{
    public Engagement? Engagement { get; init; }
    public string? CommuneCode { get; init; }
    public InputErrors? Errors { get; init; }
    public DomainRuleException? Rule { get; init; }
    /// <summary>For <see cref="CommandStatus.Stale"/>: the version the caller read, null when it named none that can exist.</summary>
    public int? ReadVersion { get; init; }
}

/// <summary>
/// The version a write was prepared from: the API's If-Match, or the version a form carries. Absent, or « * », it
/// checks nothing, unless required (then the command answers <see cref="CommandStatus.PreconditionRequired"/>).
/// </summary>
public readonly record struct ExpectedVersion(string? IfMatch, bool Required)
{
    /// <summary>The version a form was read at (none read: stale).</summary>
    public static ExpectedVersion Form(int? version) =>
        new($"\"{(version ?? 0).ToString(CultureInfo.InvariantCulture)}\"", Required: true);

    public bool Absent => string.IsNullOrWhiteSpace(IfMatch) || IfMatch.Trim() == "*";

    /// <summary>The strong entity tags named, as versions (null for a tag that is not a number).</summary>
    public IReadOnlyList<int?> Versions => EntityTagHeaderValue.TryParseList([IfMatch ?? ""], out var tags)
        ? tags.Where(t => !t.IsWeak)
            .Select(t => int.TryParse(t.Tag.Value?.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (int?)null)
            .ToList()
        : [];
}

/// <summary>
/// The one write path of an engagement: create, update, suspend, resume, end. Each command checks, in this order, the
/// user, the commune or engagement, the right to edit, the version read, the input (every error at once) and the rules;
/// then saves. The save is audited (<see cref="Auditing.AuditInterceptor"/>) and screened
/// (<see cref="Screening.ScreeningDispatcher"/>). The API, the workspace pages and the imports write through it or
/// through that same save.
/// </summary>
public sealed class EngagementCommands(AppDb db, CommuneAccess access, PlaceIndex places, TimeProvider time)
{
    public async Task<EngagementCommandResult> CreateAsync(string insee, Func<ValueTask<EngagementInput?>> read,
        CancellationToken cancellationToken = default)
    {
        if (!access.IsAuthenticated) return new(CommandStatus.Unauthenticated);
        if (await CurrentCommuneAsync(insee, cancellationToken) is not { } code)
            return new(CommandStatus.UnknownCommune) { CommuneCode = insee };
        if (!await access.CanEditAsync(code, cancellationToken)) return new(CommandStatus.Forbidden) { CommuneCode = code };
        if (await read() is not { } input) return new(CommandStatus.Unreadable) { CommuneCode = code };
        if (input.Validate() is { Count: > 0 } errors) return new(CommandStatus.Invalid) { CommuneCode = code, Errors = errors };

        Engagement engagement;
        try
        {
            engagement = await input.CreateAsync(code, db, places, cancellationToken);
        }
        catch (DomainRuleException rule)
        {
            return new(CommandStatus.Broken) { CommuneCode = code, Rule = rule };
        }
        db.Engagements.Add(engagement);
        await db.SaveChangesAsync(cancellationToken);
        return new(CommandStatus.Done) { Engagement = engagement, CommuneCode = code };
    }

    /// <summary>Replaces the engagement's fields by an input of its kind, read once the engagement is known.</summary>
    public Task<EngagementCommandResult> UpdateAsync(Guid id, ExpectedVersion expected, Func<Engagement, ValueTask<EngagementInput?>> read,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(id, expected, async engagement =>
        {
            if (await read(engagement) is not { } input) return new(CommandStatus.Unreadable);
            if (input.Validate() is { Count: > 0 } errors) return new(CommandStatus.Invalid) { Errors = errors };
            await input.ApplyToAsync(engagement, db, places, cancellationToken);
            // Correcting a record a directory reported is confirming it: the commune now says it exists.
            engagement.ConfirmByEdit(Today);
            return null;
        }, cancellationToken);

    public Task<EngagementCommandResult> TransitionAsync(Guid id, EngagementTransition transition, ExpectedVersion expected,
        Func<ValueTask<TransitionInput?>> read, CancellationToken cancellationToken = default) =>
        ApplyAsync(id, expected, read, input => input.Validate(), (input, engagement) =>
        {
            switch (transition)
            {
                case EngagementTransition.Suspend: input.Suspend(engagement); break;
                case EngagementTransition.Resume: input.Resume(engagement); break;
                default: input.End(engagement); break;
            }
        }, cancellationToken);

    /// <summary>The commune confirms a record a directory reported: it becomes the commune's, the directory's source kept.</summary>
    public Task<EngagementCommandResult> ConfirmAsync(Guid id, ExpectedVersion expected, Func<ValueTask<ConfirmInput?>> read,
        CancellationToken cancellationToken = default) =>
        ApplyAsync(id, expected, read, input => input.Validate(), (input, engagement) => input.Apply(engagement, Today), cancellationToken);

    /// <summary>The commune dismisses a record a directory reported: hidden from public pages, kept with its reason.</summary>
    public Task<EngagementCommandResult> DismissAsync(Guid id, ExpectedVersion expected, Func<ValueTask<DismissInput?>> read,
        CancellationToken cancellationToken = default) =>
        ApplyAsync(id, expected, read, input => input.Validate(), (input, engagement) => input.Apply(engagement, Today), cancellationToken);

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private Task<EngagementCommandResult> ApplyAsync<TInput>(Guid id, ExpectedVersion expected, Func<ValueTask<TInput?>> read,
        Func<TInput, InputErrors> validate, Action<TInput, Engagement> apply, CancellationToken cancellationToken) where TInput : class =>
        ChangeAsync(id, expected, async engagement =>
        {
            if (await read() is not { } input) return new(CommandStatus.Unreadable);
            if (validate(input) is { Count: > 0 } errors) return new(CommandStatus.Invalid) { Errors = errors };
            apply(input, engagement);
            return null;
        }, cancellationToken);

    /// <summary>
    /// Whether the user may see <paramref name="engagement"/>: public and not dismissed by the commune, or of a commune
    /// whose internal items they read.
    /// </summary>
    public async Task<bool> CanSeeAsync(Engagement engagement, CancellationToken cancellationToken = default) =>
        (engagement.Visibility == Visibility.Public && !engagement.IsDismissed)
        || await access.CanReadInternalAsync(engagement.CommuneCode, cancellationToken);

    /// <summary>Whether the user reads the commune's internal items (notes, officers): otherwise they get the public fields only.</summary>
    public Task<bool> CanReadInternalAsync(string communeCode, CancellationToken cancellationToken = default) =>
        access.CanReadInternalAsync(communeCode, cancellationToken);

    /// <summary>The code of a current commune (upper case), or null when malformed or unknown.</summary>
    public async Task<string?> CurrentCommuneAsync(string insee, CancellationToken cancellationToken = default)
    {
        if (!Commune.IsWellFormedCode(insee)) return null;
        var code = insee.ToUpperInvariant();
        return await db.Communes.AsNoTracking().AnyAsync(c => c.Code == code && c.Kind == CommuneKind.Current, cancellationToken) ? code : null;
    }

    private async Task<EngagementCommandResult> ChangeAsync(Guid id, ExpectedVersion expected,
        Func<Engagement, Task<EngagementCommandResult?>> change, CancellationToken cancellationToken)
    {
        if (!access.IsAuthenticated) return new(CommandStatus.Unauthenticated);
        var engagement = await db.FindEngagementAsync(id, cancellationToken);
        if (engagement is null) return new(CommandStatus.NotFound);
        var code = engagement.CommuneCode;
        if (!await CanSeeAsync(engagement, cancellationToken)) return new(CommandStatus.Hidden) { CommuneCode = code };
        if (!await access.CanEditAsync(code, cancellationToken)) return new(CommandStatus.Forbidden) { CommuneCode = code };

        if (expected.Absent)
        {
            if (expected.Required) return new(CommandStatus.PreconditionRequired) { Engagement = engagement, CommuneCode = code };
        }
        else
        {
            var versions = expected.Versions;
            if (!versions.Contains(engagement.Version))
            {
                var read = versions.FirstOrDefault(v => v is not null);
                return new(CommandStatus.Stale)
                {
                    Engagement = engagement, CommuneCode = code, ReadVersion = read is { } r && r >= 1 && r <= engagement.Version ? r : null,
                };
            }
        }

        try
        {
            if (await change(engagement) is { } refused) return refused with { Engagement = engagement, CommuneCode = code };
        }
        catch (DomainRuleException rule)
        {
            return new(CommandStatus.Broken) { Engagement = engagement, CommuneCode = code, Rule = rule };
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new(CommandStatus.Conflict) { Engagement = engagement, CommuneCode = code };
        }
        return new(CommandStatus.Done) { Engagement = engagement, CommuneCode = code };
    }
}
