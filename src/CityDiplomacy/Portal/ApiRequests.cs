using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace CityDiplomacy.Portal;

/// <summary>Settings of the « Api » section.</summary>
public sealed class ApiRequestOptions
{
    public const string Section = "Api";

    /// <summary>Largest request body the JSON API reads (default 30 MB, the server's own default); larger ones get 413.</summary>
    public long MaxBodyBytes { get; set; } = 30 * 1024 * 1024;
}

/// <summary>
/// What every JSON API request shares: HEAD wherever GET is, a bounded body answered by 413 rather than a crash, and
/// client errors raised while reading a request (<see cref="BadHttpRequestException"/>) answered with their own status.
/// </summary>
public static class ApiRequests
{
    public static IServiceCollection AddApiRequests(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ApiRequestOptions.Section).Get<ApiRequestOptions>() ?? new();
        if (options.MaxBodyBytes < 1) throw new InvalidOperationException("Api:MaxBodyBytes doit être au moins 1.");
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddExceptionHandler<BadRequestHandler>();
        return services;
    }

    /// <summary>The status of a request the client got wrong (a body too large, cut short…), instead of 500.</summary>
    public static int StatusCodeOf(Exception exception) =>
        exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;

    /// <summary>
    /// Minimal API endpoints answer GET only: a HEAD is routed as the GET it stands for, then runs as HEAD again, so
    /// the server sends the GET's headers without its body (as the CORS policy of the API advertises). Around UseRouting.
    /// </summary>
    public static IApplicationBuilder UseRoutingWithHeadAsGet(this IApplicationBuilder app)
    {
        const string Head = "citydiplomacy.head";
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Items[Head] = true;
                context.Request.Method = HttpMethods.Get;
            }
            return next(context);
        });
        app.UseRouting();
        return app.Use((context, next) =>
        {
            if (context.Items.ContainsKey(Head)) context.Request.Method = HttpMethods.Head;
            return next(context);
        });
    }

    /// <summary>Bounds the body of API requests: 413 at once for a declared length over the limit, else while reading.</summary>
    public static IApplicationBuilder UseApiBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiRequestOptions>>().Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await WriteAsync(context, new BadHttpRequestException("", StatusCodes.Status413PayloadTooLarge), limit);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        if (context.Request.ContentLength is null && context.Request.Body.CanRead)
            context.Request.Body = new BoundedStream(context.Request.Body, limit);
        await next(context);
    });

    private static async Task WriteAsync(HttpContext context, BadHttpRequestException exception, long limit)
    {
        context.Response.StatusCode = exception.StatusCode;
        var problem = new ProblemDetails
        {
            Status = exception.StatusCode,
            Title = exception.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Requête trop volumineuse" : "Requête invalide",
            Detail = exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"Le corps de la requête dépasse {limit / (1024 * 1024.0):0.#} Mo, la taille acceptée par l'API."
                : "La requête n'a pas pu être lue jusqu'au bout : elle est incomplète ou mal formée.",
        };
        var writer = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    /// <summary>Turns a client's bad request, raised anywhere while it is read, into its own status with a problem.</summary>
    private sealed class BadRequestHandler(Microsoft.Extensions.Options.IOptions<ApiRequestOptions> options) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad || !context.Request.Path.StartsWithSegments("/api")) return false;
            await WriteAsync(context, bad, options.Value.MaxBodyBytes);
            return true;
        }
    }

    /// <summary>A body of unknown length that refuses to be read past the limit (the test server and proxies that buffer).</summary>
    private sealed class BoundedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit) throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            return read;
        }
    }
}
