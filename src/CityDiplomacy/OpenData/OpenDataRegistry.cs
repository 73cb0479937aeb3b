using CityDiplomacy.Data;

namespace CityDiplomacy.OpenData;

/// <summary>What a writer gets: the database, what to export, the CSV separator asked for and the clock.</summary>
public sealed record ExportContext(AppDb Db, ExportRequest Request, char Separator, TimeProvider Clock);

public delegate Task ExportWriter(ExportContext context, Stream output, CancellationToken cancellationToken);

/// <summary>Whether an export has anything valid to publish for a scope (its download link is hidden otherwise).</summary>
public delegate Task<bool> ExportAvailability(AppDb db, ExportRequest request, CancellationToken cancellationToken);

/// <summary>Whether the export has anything to write for that request (a file that cannot be valid empty says so).</summary>
public delegate Task<bool> ExportContentCheck(ExportContext context, CancellationToken cancellationToken);

/// <summary>
/// Thrown by a writer, before its first byte, when it has nothing valid to publish (a file that a standard's validator
/// would refuse is never served, and the data may have changed since <see cref="OpenDataExport.HasContent"/> was
/// asked): the route answers 404 with this title and detail.
/// </summary>
public sealed class NothingToPublishException(string title, string detail) : Exception(detail)
{
    public NothingToPublishException(string detail) : this("Rien à publier", detail) { }

    public string Title { get; } = title;
}

/// <summary>
/// One open-data download a feature offers: its file name (the last segment of its address), content type,
/// scopes, licence note and writer. Declared once; the API routes, the OpenAPI description, the data page and
/// the commune page's download list are all built from the declarations. An export whose standard forbids an empty
/// file (IATI needs an activity, iCalendar a component) gives <see cref="HasContent"/>: without content its route
/// answers 404 and the pages do not link to it.
/// </summary>
public sealed record OpenDataExport(
    string FileName,
    string ContentType,
    string Format,
    string Title,
    string Standard,
    IReadOnlyList<ExportScope> Scopes,
    ExportWriter Write,
    ExportContentCheck? HasContent = null)
{
    /// <summary>Set for an export that may have nothing valid to publish: the pages ask it before showing the link.</summary>
    public ExportAvailability? IsAvailable { get; init; }

    /// <summary>Whether the link to this export is shown for a scope (always, unless <see cref="IsAvailable"/> says no).</summary>
    public Task<bool> IsAvailableAsync(AppDb db, ExportRequest request, CancellationToken cancellationToken) =>
        IsAvailable is null ? Task.FromResult(true) : IsAvailable(db, request, cancellationToken);

    /// <summary>CSV exports take <c>?sep=semicolon</c> (default) or <c>?sep=comma</c>.</summary>
    public bool IsCsv => ContentType.StartsWith("text/csv", StringComparison.Ordinal);

    public string OperationName(ExportScope scope) =>
        "Export" + scope + string.Concat(FileName.Split('.', '-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    public string Url(ExportScope scope, string? key) => scope switch
    {
        ExportScope.Commune => $"/api/communes/{key}/{FileName}",
        ExportScope.Country => $"/api/countries/{key}/{FileName}",
        _ => $"/api/{FileName}",
    };

    public string DownloadName(ExportScope scope, string? key)
    {
        var dot = FileName.IndexOf('.', StringComparison.Ordinal);
        var stem = FileName[..dot];
        var extension = FileName[dot..];
        return scope == ExportScope.Nation ? $"{stem}-france{extension}" : $"{stem}-{key!.ToLowerInvariant()}{extension}";
    }
}

/// <summary>The open-data exports of every feature, in the order they were declared.</summary>
public sealed class OpenDataRegistry
{
    private readonly List<OpenDataExport> _exports = [];

    public IReadOnlyList<OpenDataExport> Exports => _exports;

    public OpenDataRegistry Add(OpenDataExport export)
    {
        if (_exports.Any(e => e.FileName == export.FileName))
            throw new InvalidOperationException($"L'export {export.FileName} est déclaré deux fois.");
        _exports.Add(export);
        return this;
    }

    public IEnumerable<OpenDataExport> For(ExportScope scope) => _exports.Where(e => e.Scopes.Contains(scope));

    /// <summary>The exports of that scope that have something to publish for it: the links a page shows.</summary>
    public async Task<IReadOnlyList<OpenDataExport>> AvailableAsync(ExportRequest request, AppDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var available = new List<OpenDataExport>();
        foreach (var export in For(request.Scope))
        {
            if (export.HasContent is not null && !await export.HasContent(new ExportContext(db, request, ';', clock), cancellationToken))
                continue;
            if (await export.IsAvailableAsync(db, request, cancellationToken)) available.Add(export);
        }
        return available;
    }

    /// <summary>The platform's exports: each feature declares its own here, in one line.</summary>
    public static OpenDataRegistry CreateDefault()
    {
        var registry = new OpenDataRegistry();
        EngagementExports.Register(registry);
        ScdlExports.Register(registry);
        IatiExport.Register(registry);
        CalendarExport.Register(registry);
        Campaigns.CampaignExports.Register(registry);
        return registry;
    }
}

public static class OpenDataSetup
{
    public static IServiceCollection AddOpenData(this IServiceCollection services) =>
        services.AddSingleton(OpenDataRegistry.CreateDefault())
            .AddSingleton<NationalExportFiles>();
}
