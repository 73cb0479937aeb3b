using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CityDiplomacy.Imports;

/// <summary>Settings of the Wikidata connector (section « Wikidata » of appsettings, or the command line).</summary>
public sealed record WikidataOptions
{
    public const string DefaultEndpoint = "https://query.wikidata.org/sparql";

    public string Endpoint { get; init; } = DefaultEndpoint;
    /// <summary>Seconds one attempt may take (the public endpoint stops queries at 60 s).</summary>
    public double TimeoutSeconds { get; init; } = 90;
    /// <summary>Attempts after the first one, on a network failure, a timeout, 429 or a 5xx answer.</summary>
    public int Retries { get; init; } = 3;
    /// <summary>Wait before the first retry, doubled at each one (a Retry-After of the server wins, up to a minute).</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Wikimedia asks every client to name itself (User-Agent policy).</summary>
    public string UserAgent { get; init; } = "CityDiplomacy/1.0 (diplomatie des villes; import des jumelages P190) .NET HttpClient";

    public static WikidataOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Wikidata");
        var defaults = new WikidataOptions();
        return new WikidataOptions
        {
            Endpoint = section["Endpoint"] is { Length: > 0 } endpoint ? endpoint : defaults.Endpoint,
            TimeoutSeconds = section.GetValue("TimeoutSeconds", defaults.TimeoutSeconds),
            Retries = section.GetValue("Retries", defaults.Retries),
            UserAgent = section["UserAgent"] is { Length: > 0 } agent ? agent : defaults.UserAgent,
        };
    }
}

/// <summary>The endpoint could not give the results: offline, unreachable, timed out at every attempt, or refusing.</summary>
public sealed class WikidataUnavailableException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>
/// Runs the P190 query (<c>Imports/WikidataP190.rq</c>, embedded) against a SPARQL endpoint and returns its answer in
/// the SPARQL 1.1 JSON results format, read by <see cref="TwinningDirectory"/> like a « wikidata-json » file. Each
/// attempt has its timeout; a network failure, a timeout, 429 or a 5xx answer is retried with an exponential backoff;
/// when every attempt failed, a <see cref="WikidataUnavailableException"/> says why in one French sentence.
/// </summary>
public sealed class WikidataConnector(HttpClient http, WikidataOptions options, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public static string Query { get; } = ReadQuery();

    private static string ReadQuery()
    {
        using var stream = typeof(WikidataConnector).Assembly.GetManifestResourceStream("imports/WikidataP190.rq")
            ?? throw new InvalidOperationException("La requête imports/WikidataP190.rq manque à l'assemblage.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The raw JSON results, with the number of attempts it took.</summary>
    public async Task<(byte[] Json, int Attempts)> FetchAsync(CancellationToken cancellationToken = default)
    {
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw new WikidataUnavailableException($"« {options.Endpoint} » n'est pas l'adresse http(s) d'un point d'accès SPARQL.");
        var delay = options.FirstBackoff;
        string? lastFailure = null;
        Exception? lastException = null;
        var attempts = Math.Max(0, options.Retries) + 1;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            TimeSpan? retryAfter = null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
                {
                    Content = new FormUrlEncodedContent([new("query", Query)]),
                };
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/sparql-results+json"));
                request.Headers.UserAgent.ParseAdd(options.UserAgent);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (response.IsSuccessStatusCode)
                    return (await response.Content.ReadAsByteArrayAsync(timeout.Token), attempt);
                lastFailure = $"le serveur a répondu {(int)response.StatusCode} {response.ReasonPhrase}";
                if (!(response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500))
                    throw new WikidataUnavailableException($"{endpoint} : {lastFailure} ; la requête est refusée, rien n'a été importé.");
                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                lastFailure = $"pas de réponse en {options.TimeoutSeconds:0.###} s";
                lastException = e;
            }
            catch (HttpRequestException e)
            {
                lastFailure = e.InnerException?.Message ?? e.Message;
                lastException = e;
            }
            if (attempt == attempts) break;
            var wait = retryAfter is { } after && after > delay ? (after > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : after) : delay;
            await Task.Delay(wait, _time, cancellationToken);
            delay *= 2;
        }
        throw new WikidataUnavailableException(
            $"Wikidata injoignable ({endpoint.Host}) après {attempts} tentative{(attempts > 1 ? "s" : "")} : {lastFailure}. " +
            "Vérifiez la connexion à Internet, ou donnez un autre point d'accès (--endpoint) ; rien n'a été importé.", lastException);
    }
}
