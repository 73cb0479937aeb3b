using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CityDiplomacy.Portal;

/// <summary>Settings of the « PublicCache » section.</summary>
public sealed class PublicCacheOptions
{
    public const string Section = "PublicCache";

    /// <summary>ETag, Last-Modified and 304 answers on public commune resources.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Server-side output cache of the anonymous responses (keyed by commune data version and culture).</summary>
    public bool OutputCache { get; set; } = true;

    /// <summary>How long an unused cached response stays in memory.</summary>
    public int OutputCacheSeconds { get; set; } = 300;

    /// <summary>
    /// How long a commune's data version read from the database is reused. Writes through this process invalidate
    /// at once whatever the value; writes by another process (a CLI import, another instance) become visible within
    /// that delay. 0: read on every request (one query per public read: about 6 % of a bare endpoint's throughput
    /// instead of 60 %, see bench/http.sh). Default 1 s.
    /// </summary>
    public double RevalidateSeconds { get; set; } = 1;
}

/// <summary>Marks an endpoint whose anonymous response depends only on one commune's data (and the culture).</summary>
/// <param name="RouteParameter">The route value holding the commune's INSEE code.</param>
public sealed record PublicCommuneCache(string RouteParameter = "insee");

/// <summary>
/// A commune's public data version: a hash of its public engagements exactly as the exports publish them (an internal
/// engagement, notes or an officer's name change nothing), its screening flags, and the evidence and reference data
/// it is shown with. Last-Modified is the time this process first saw the public data as it is now, or the latest
/// flag, evidence or reference load, never the time of an internal edit.
/// </summary>
public sealed record CommuneVersion(string Stamp, DateTimeOffset? LastModified)
{
    private static readonly string Build =
        Assembly.GetExecutingAssembly().ManifestModule.ModuleVersionId.ToString("N")[..8];

    /// <summary>A weak ETag: same data, same culture, same build ⇒ same representation.</summary>
    public EntityTagHeaderValue ETag(string culture)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Stamp}|{culture}|{Build}"));
        return new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(hash, 0, 12)}\"", isWeak: true);
    }
}

/// <summary>Reads commune data versions, optionally reusing them for <see cref="PublicCacheOptions.RevalidateSeconds"/>.</summary>
public sealed class CommuneVersions(IOptions<PublicCacheOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (CommuneVersion Version, long ReadAt)> _known = new(StringComparer.Ordinal);
    /// <summary>The public stamp of each commune last seen, and when it was first seen.</summary>
    private readonly ConcurrentDictionary<string, (string Stamp, DateTimeOffset Since)> _seen = new(StringComparer.Ordinal);

    public async ValueTask<CommuneVersion> GetAsync(AppDb db, string communeCode, CancellationToken cancellationToken)
    {
        var reuse = options.Value.RevalidateSeconds;
        var now = time.GetTimestamp();
        if (reuse > 0 && _known.TryGetValue(communeCode, out var known) && time.GetElapsedTime(known.ReadAt, now).TotalSeconds < reuse)
            return known.Version;
        var version = await ReadAsync(db, communeCode, cancellationToken);
        var at = time.GetUtcNow();
        at = new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero); // HTTP dates have whole seconds
        var seen = _seen.AddOrUpdate(communeCode, (version.Stamp, at), (_, old) => old.Stamp == version.Stamp ? old : (version.Stamp, at));
        version = version with
        {
            LastModified = version.LastModified is { } other && other > seen.Since ? other : seen.Since,
        };
        if (reuse > 0) _known[communeCode] = (version, now);
        return version;
    }

    /// <summary>Any write changes the nation's data: a commune's also invalidates the national version.</summary>
    public void Invalidate(string communeCode)
    {
        _known.TryRemove(communeCode, out _);
        _known.TryRemove(NationKey, out _);
    }

    public void InvalidateAll() => _known.Clear();

    private const string NationKey = "*nation*";

    /// <summary>
    /// The data version of the whole register (what national exports show), reused like a commune's. The audit count
    /// goes with its highest id: on PostgreSQL a lower id can commit after a higher one.
    /// </summary>
    public async ValueTask<CommuneVersion> GetNationalAsync(AppDb db, CancellationToken cancellationToken)
    {
        var reuse = options.Value.RevalidateSeconds;
        var now = time.GetTimestamp();
        if (reuse > 0 && _known.TryGetValue(NationKey, out var known) && time.GetElapsedTime(known.ReadAt, now).TotalSeconds < reuse)
            return known.Version;
        var version = await ReadAsync(db, null, cancellationToken);
        if (reuse > 0) _known[NationKey] = (version, now);
        return version;
    }

    private const string NationalSql = """
        SELECT
          (SELECT COUNT(*) FROM "AuditEntries"),
          (SELECT MAX("Id") FROM "AuditEntries"),
          (SELECT COUNT(*) FROM "ScreeningFlags"),
          (SELECT MAX("LastChangedAt") FROM "ScreeningFlags"),
          (SELECT COUNT(*) FROM "EvidenceImports"),
          (SELECT MAX("ImportedAt") FROM "EvidenceImports"),
          (SELECT MAX("LoadedAt") FROM "ReferenceDatasets")
        """;

    private const string Sql = """
        SELECT
          (SELECT COUNT(*) FROM "ScreeningFlags" WHERE "CommuneCode" = @commune AND "Audience" = 'Public'),
          (SELECT MAX("LastChangedAt") FROM "ScreeningFlags" WHERE "CommuneCode" = @commune AND "Audience" = 'Public'),
          (SELECT COUNT(*) FROM "EvidenceImports"),
          (SELECT MAX("ImportedAt") FROM "EvidenceImports"),
          (SELECT MAX("LoadedAt") FROM "ReferenceDatasets"),
          (SELECT "Siret" FROM "CommuneSettings" WHERE "CommuneCode" = @commune)
        """;

    /// <summary>
    /// The version as stored now (no reuse); a null commune reads the nation's (which national export files are keyed
    /// by: those files' own ETag is the hash of their content, so it too moves with public data only).
    /// </summary>
    public static async Task<CommuneVersion> ReadAsync(AppDb db, string? communeCode, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened) await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (communeCode is null) return await ReadNationalAsync(db, connection, cancellationToken);
            long flags, evidence;
            DateTime? lastFlag, lastEvidence, reference;
            string siret;
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = Sql;
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@commune";
                parameter.Value = communeCode;
                command.Parameters.Add(parameter);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                flags = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                lastFlag = Instant(reader, 1);
                evidence = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
                lastEvidence = Instant(reader, 3);
                reference = Instant(reader, 4);
                // The SIRET is public (SCDL files) and decides whether the commune's SCDL links are shown.
                siret = reader.IsDBNull(5) ? "" : reader.GetString(5);
            }
            var published = await PublishedHashAsync(db, communeCode, cancellationToken);
            var stamp = string.Join('-', published, flags, Ticks(lastFlag), evidence, Ticks(lastEvidence), Ticks(reference), siret);
            DateTime? last = new[] { lastFlag, lastEvidence, reference }.Max();
            return new CommuneVersion(stamp, last is { } l ? new DateTimeOffset(l, TimeSpan.Zero) : null);
        }
        finally
        {
            if (opened) await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<CommuneVersion> ReadNationalAsync(AppDb db, DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = NationalSql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var audits = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
        var lastAuditId = reader.IsDBNull(1) ? 0 : Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        var flags = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
        var lastFlag = Instant(reader, 3);
        var evidence = Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture);
        var lastEvidence = Instant(reader, 5);
        var reference = Instant(reader, 6);
        var stamp = string.Join('-', audits, lastAuditId, flags, Ticks(lastFlag), evidence, Ticks(lastEvidence), Ticks(reference));
        DateTime? last = new[] { lastFlag, lastEvidence, reference }.Max();
        return new CommuneVersion(stamp, last is { } l ? new DateTimeOffset(l, TimeSpan.Zero) : null);
    }

    private static long Ticks(DateTime? instant) => instant?.Ticks ?? 0;

    /// <summary>
    /// SHA-256 of the commune's public engagements as the exports publish them (their revision instant left out: it moves
    /// with internal edits too).
    /// </summary>
    private static async Task<string> PublishedHashAsync(AppDb db, string communeCode, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var request = new OpenData.ExportRequest(OpenData.ExportScope.Commune, communeCode, communeCode);
        await foreach (var engagement in OpenData.PublicRegister.ReadAsync(db, request, cancellationToken))
            hash.AppendData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(engagement with { UpdatedAt = default }, OpenData.EngagementExports.Json));
        return Convert.ToHexStringLower(hash.GetHashAndReset(), 0, 16);
    }

    /// <summary>SQLite returns the stored text, PostgreSQL a timestamp.</summary>
    private static DateTime? Instant(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal)) return null;
        return reader.GetValue(ordinal) switch
        {
            DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
            DateTimeOffset o => o.UtcDateTime,
            string s => DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            var other => throw new InvalidDataException($"Unexpected instant {other} ({other.GetType()})."),
        };
    }
}

/// <summary>After a write through this process, forgets the versions and cached responses of the communes it touched.</summary>
public sealed class CommuneChangeInterceptor(CommuneVersions versions, IOutputCacheStore? store = null) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, HashSet<string>> _pending = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            var codes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in context.ChangeTracker.Entries())
            {
                if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
                if (entry.Metadata.FindProperty("CommuneCode") is { } property && entry.Property(property.Name).CurrentValue is string code)
                    codes.Add(code);
                else if (entry.Entity is not Auditing.AuditEntry)
                    codes.Add("*"); // a partner, evidence, reference data…: every commune may show it
            }
            _pending.AddOrUpdate(context, codes);
        }
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var codes))
        {
            _pending.Remove(context);
            foreach (var code in codes)
            {
                if (code == "*") versions.InvalidateAll(); else versions.Invalidate(code);
                if (store is not null) await store.EvictByTagAsync(PublicCaching.Tag(code), cancellationToken);
            }
        }
        return result;
    }
}

/// <summary>
/// ETag / Last-Modified / 304 and the output cache for anonymous reads of public commune resources. The profile,
/// the engagements list and the commune page are covered by their route; other endpoints opt in with
/// <see cref="PublicCaching.CachePublicByCommune{TBuilder}"/>. Signed-in users and API tokens are never served
/// from, nor stored in, the cache: officers see internal engagements.
/// </summary>
public static class PublicCaching
{
    /// <summary>Routes covered without opting in (they may be mapped by other features).</summary>
    public static readonly IReadOnlyDictionary<string, string> CommuneRoutes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["/api/communes/{insee}"] = "insee",
        ["/api/communes/{insee}/engagements"] = "insee",
        ["/communes/{code}"] = "code",
    };

    private const string VersionItem = "citydiplomacy.commune-version";
    private const string CommuneItem = "citydiplomacy.commune";

    public static string Tag(string communeCode) => "commune:" + communeCode;

    /// <summary>Opt an endpoint (an export…) into per-commune public caching.</summary>
    public static TBuilder CachePublicByCommune<TBuilder>(this TBuilder builder, string routeParameter = "insee")
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicCommuneCache(routeParameter));

    public static IServiceCollection AddPublicCaching(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PublicCacheOptions>(configuration.GetSection(PublicCacheOptions.Section));
        services.AddSingleton<CommuneVersions>();
        services.AddOutputCache(o => o.AddBasePolicy(new PublicCommunePolicy()));
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp =>
            new CommuneChangeInterceptor(sp.GetRequiredService<CommuneVersions>(), sp.GetService<IOutputCacheStore>()));
        return services;
    }

    public static IApplicationBuilder UsePublicCaching(this IApplicationBuilder app)
    {
        app.Use(ValidateAsync);
        return app.UseOutputCache();
    }

    internal static PublicCommuneCache? Covered(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null) return null;
        if (endpoint.Metadata.GetMetadata<PublicCommuneCache>() is { } marked) return marked;
        return endpoint is RouteEndpoint route && route.RoutePattern.RawText is { } raw
               && CommuneRoutes.TryGetValue("/" + raw.TrimStart('/'), out var parameter)
            ? new PublicCommuneCache(parameter)
            : null;
    }

    /// <summary>
    /// A response meant for one person: the request was authenticated (session or API token). An absent, unknown or
    /// malformed credential is not one: such a request is anonymous, served from the cache and rate-limited.
    /// </summary>
    internal static bool IsPersonal(HttpContext context) => context.User.Identity?.IsAuthenticated == true;

    private static async Task ValidateAsync(HttpContext context, RequestDelegate next)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<PublicCacheOptions>>().Value;
        if (!options.Enabled || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            || Covered(context) is not { } cache)
        {
            await next(context);
            return;
        }
        if (IsPersonal(context))
        {
            context.Response.Headers.CacheControl = "private, no-store";
            await next(context);
            return;
        }
        if (context.Request.RouteValues[cache.RouteParameter] is not string code || !Commune.IsWellFormedCode(code))
        {
            await next(context);
            return;
        }
        code = code.ToUpperInvariant();
        var db = context.RequestServices.GetRequiredService<AppDb>();
        var version = await context.RequestServices.GetRequiredService<CommuneVersions>().GetAsync(db, code, context.RequestAborted);
        var etag = version.ETag(CultureInfo.CurrentUICulture.Name);
        context.Items[VersionItem] = version.Stamp;
        context.Items[CommuneItem] = code;

        var headers = context.Response.GetTypedHeaders();
        headers.ETag = etag;
        if (version.LastModified is { } lastModified) headers.LastModified = lastModified;
        // Stored by anyone, but checked with the server before each use: a write is visible at once.
        context.Response.Headers.CacheControl = "public, no-cache";
        context.Response.Headers.Vary = "Cookie";

        if (NotModified(context.Request, etag, version.LastModified))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        context.Response.OnStarting(() =>
        {
            if (context.Response.StatusCode != StatusCodes.Status200OK)
            {
                context.Response.Headers.Remove(HeaderNames.ETag);
                context.Response.Headers.Remove(HeaderNames.LastModified);
                context.Response.Headers.CacheControl = "no-cache";
            }
            return Task.CompletedTask;
        });
        await next(context);
    }

    private static bool NotModified(HttpRequest request, EntityTagHeaderValue etag, DateTimeOffset? lastModified)
    {
        var typed = request.GetTypedHeaders();
        if (typed.IfNoneMatch is { Count: > 0 } ifNoneMatch)
            return ifNoneMatch.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false));
        return lastModified is { } modified && typed.IfModifiedSince is { } since
               && TruncateToSeconds(modified) <= since;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, value.Offset);

    /// <summary>Caches the anonymous 200 responses of covered endpoints, keyed by commune version, culture and query.</summary>
    private sealed class PublicCommunePolicy : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var options = http.RequestServices.GetRequiredService<IOptions<PublicCacheOptions>>().Value;
            var cacheable = options.Enabled && options.OutputCache
                            && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                            && !IsPersonal(http)
                            && http.Items[VersionItem] is string && http.Items[CommuneItem] is string;
            context.EnableOutputCaching = cacheable;
            context.AllowCacheLookup = cacheable;
            context.AllowCacheStorage = cacheable;
            context.AllowLocking = cacheable;
            if (!cacheable) return ValueTask.CompletedTask;
            context.CacheVaryByRules.QueryKeys = "*";
            context.CacheVaryByRules.VaryByValues["culture"] = CultureInfo.CurrentUICulture.Name;
            context.CacheVaryByRules.VaryByValues["version"] = (string)http.Items[VersionItem]!;
            context.Tags.Add(Tag((string)http.Items[CommuneItem]!));
            context.ResponseExpirationTimeSpan = TimeSpan.FromSeconds(options.OutputCacheSeconds);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var response = context.HttpContext.Response;
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.SetCookie))
                context.AllowCacheStorage = false;
            return ValueTask.CompletedTask;
        }
    }
}
