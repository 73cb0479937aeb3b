using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CityDiplomacy.Data;
using CityDiplomacy.Portal;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace CityDiplomacy.OpenData;

/// <summary>
/// National exports are written once per data version (<see cref="CommuneVersions.GetNationalAsync"/>) into a file
/// of this process's own folder, then served from it with an ETag, Last-Modified, ranges and 304 answers. The first
/// request of a version writes the file, the ones arriving meanwhile wait for it; a writer that fails answers an error
/// before the first byte, and the next request tries again. Files of older versions are deleted once a newer one exists.
/// </summary>
public sealed class NationalExportFiles(IServiceScopeFactory scopes, CommuneVersions versions, TimeProvider clock,
    ILogger<NationalExportFiles> logger) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("citydiplomacy-exports-").FullName;
    private readonly ConcurrentDictionary<string, Lazy<Task<ExportFile>>> _files = new(StringComparer.Ordinal);

    /// <summary>A written export: its file, its ETag (a hash of its bytes) and when bytes like these were first written.</summary>
    private sealed record ExportFile(string Path, EntityTagHeaderValue ETag, DateTimeOffset LastModified);

    /// <summary>When each content (by its hash) was first written: an internal edit rewrites the file but changes neither.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstWritten = new(StringComparer.Ordinal);

    public async Task<Results<PhysicalFileHttpResult, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> ServeAsync(
        OpenDataExport export, char separator, HttpContext http, AppDb db, CancellationToken cancellationToken)
    {
        // The data version says when to write the file again (any write, internal ones too); the ETag and Last-Modified
        // come from the file's bytes, so they move with public data only and an outsider cannot time internal edits.
        var version = await versions.GetNationalAsync(db, cancellationToken);
        http.Response.Headers.CacheControl = "public, no-cache";
        http.Response.Headers.XContentTypeOptions = "nosniff";

        var key = $"{export.FileName}|{separator}";
        var versionKey = $"{key}|{version.Stamp}";
        var lazy = _files.GetOrAdd(versionKey, _ => new Lazy<Task<ExportFile>>(() => WriteAsync(export, separator, versionKey)));
        ExportFile file;
        try
        {
            // Not the request's token: the other requests waiting for this file must not lose it when this one leaves.
            file = await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (NothingToPublishException nothing)
        {
            // Asked again at the next request: the data may have changed by then.
            _files.TryRemove(new KeyValuePair<string, Lazy<Task<ExportFile>>>(versionKey, lazy));
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: nothing.Title, detail: nothing.Message);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _files.TryRemove(new KeyValuePair<string, Lazy<Task<ExportFile>>>(versionKey, lazy));
            throw;
        }
        Forget(key, versionKey);

        var ifNoneMatch = http.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch is { Count: > 0 } && ifNoneMatch.Any(candidate => candidate.Compare(file.ETag, useStrongComparison: false)))
        {
            http.Response.GetTypedHeaders().ETag = file.ETag;
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        var disposition = new ContentDispositionHeaderValue(export.ContentType.StartsWith("text/calendar", StringComparison.Ordinal) ? "inline" : "attachment");
        disposition.SetHttpFileName(export.DownloadName(ExportScope.Nation, null));
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return TypedResults.PhysicalFile(file.Path, export.ContentType, lastModified: file.LastModified, entityTag: file.ETag,
            enableRangeProcessing: true);
    }

    private async Task<ExportFile> WriteAsync(OpenDataExport export, char separator, string versionKey)
    {
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(versionKey)), 0, 12);
        var path = Path.Combine(_directory, $"{name}-{export.FileName}");
        var partial = path + ".partial";
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDb>();
        byte[] content;
        try
        {
            await using (var output = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, useAsync: true))
            {
                await export.Write(new ExportContext(db, new ExportRequest(ExportScope.Nation, null, "France"), separator, clock), output, CancellationToken.None);
                await output.FlushAsync();
                output.Position = 0;
                content = await SHA256.HashDataAsync(output);
            }
            File.Move(partial, path, overwrite: true);
        }
        catch (NothingToPublishException)
        {
            File.Delete(partial);
            throw;
        }
        catch (Exception e)
        {
            File.Delete(partial);
            logger.LogError(e, "L'export national {Export} n'a pas pu être écrit.", export.FileName);
            throw;
        }
        var build = typeof(NationalExportFiles).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..8];
        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{export.FileName}|{Convert.ToHexStringLower(content)}|{build}")), 0, 12);
        var now = clock.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero); // HTTP dates have whole seconds
        var since = _firstWritten.GetOrAdd(tag, now);
        return new ExportFile(path, new EntityTagHeaderValue($"\"{tag}\"", isWeak: true), since);
    }

    /// <summary>Deletes the files of the other versions of that export (a request still sending one keeps it open).</summary>
    private void Forget(string key, string current)
    {
        foreach (var (versionKey, lazy) in _files)
        {
            if (versionKey == current || !versionKey.StartsWith(key + "|", StringComparison.Ordinal)) continue;
            if (!lazy.IsValueCreated || !lazy.Value.IsCompletedSuccessfully) continue;
            if (_files.TryRemove(new KeyValuePair<string, Lazy<Task<ExportFile>>>(versionKey, lazy)))
                File.Delete(lazy.Value.Result.Path);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being sent; the temporary folder is cleaned by the system.
        }
    }
}
