using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace CityDiplomacy.Portal;

/// <summary>Settings of the « Proxy » section: the reverse proxy in front of the app, and the site's public address.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>
    /// Addresses whose X-Forwarded-For and X-Forwarded-Proto are believed (the reverse proxy's). None given: loopback,
    /// a proxy on the same machine. A request from any other address keeps its own address and scheme.
    /// </summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies, in CIDR notation (« 10.0.0.0/8 »), for a proxy on another machine.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>
    /// The site's public address (« https://diplomatie.example.fr »): links that leave the page (feeds) are built on it,
    /// never on the request's Host header. Empty: the request's scheme and host, for local use.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Strict-Transport-Security on https answers (browsers then refuse plain http to the site for a year).</summary>
    public bool Hsts { get; set; } = true;
}

/// <summary>
/// Behind a TLS reverse proxy: the client's address and scheme from trusted forwarded headers (so the rate limit sees
/// each visitor, and cookies become Secure once the scheme is https), HSTS on https, and the public base URL of links.
/// AllowedHosts (a setting of the host) limits the Host headers answered.
/// </summary>
public static class ProxySetup
{
    public static IServiceCollection AddProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new();
        var proxies = options.KnownProxies.Length == 0 && options.KnownNetworks.Length == 0
            ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
            : options.KnownProxies.Select(p => ParseAddress(p, "Proxy:KnownProxies")).ToList();
        var networks = options.KnownNetworks.Select(ParseNetwork).ToList();
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl)
            && (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
                || uri.PathAndQuery != "/" || !string.IsNullOrEmpty(uri.Fragment)))
            throw new InvalidOperationException($"Proxy:PublicBaseUrl « {options.PublicBaseUrl} » : une adresse absolue http(s) sans chemin, par ex. https://diplomatie.example.fr");
        services.AddSingleton(Options.Create(options));
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
        return services;
    }

    /// <summary>First in the pipeline: what follows sees the client's address and scheme.</summary>
    public static IApplicationBuilder UseProxySupport(this IApplicationBuilder app)
    {
        app.UseForwardedHeaders();
        if (app.ApplicationServices.GetRequiredService<IOptions<ProxyOptions>>().Value.Hsts) app.UseHsts();
        return app;
    }

    /// <summary>The origin of absolute links: the configured public address, else the request's own (local use).</summary>
    public static string PublicOrigin(HttpContext context)
    {
        var configured = context.RequestServices.GetRequiredService<IOptions<ProxyOptions>>().Value.PublicBaseUrl;
        return string.IsNullOrWhiteSpace(configured)
            ? $"{context.Request.Scheme}://{context.Request.Host}"
            : configured.TrimEnd('/');
    }

    private static IPAddress ParseAddress(string value, string setting) =>
        IPAddress.TryParse(value.Trim(), out var address)
            ? address
            : throw new InvalidOperationException($"{setting} : « {value} » n'est pas une adresse IP.");

    private static System.Net.IPNetwork ParseNetwork(string value) =>
        System.Net.IPNetwork.TryParse(value.Trim(), out var network)
            ? network
            : throw new InvalidOperationException($"Proxy:KnownNetworks : « {value} » n'est pas un réseau CIDR (par ex. 10.0.0.0/8).");
}
