using System.Globalization;
using System.Text.Json.Serialization;
using CityDiplomacy.Accounts;
using CityDiplomacy.Campaigns;
using CityDiplomacy.Cli;
using CityDiplomacy.Data;
using CityDiplomacy.Places;
using CityDiplomacy.Engagements;
using CityDiplomacy.Evidence;
using CityDiplomacy.OpenData;
using CityDiplomacy.Portal;
using CityDiplomacy.Reference;
using CityDiplomacy.Screening;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace CityDiplomacy;

/// <summary>The web host: pages, JSON API, OpenAPI, health. Read top to bottom.</summary>
public static class WebApp
{
    public static readonly CultureInfo[] Cultures = [new("fr-FR"), new("en")];

    public static WebApplication Build(string[] hostArgs, IEnumerable<KeyValuePair<string, string?>> overrides)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = hostArgs,
            // Static files and settings sit beside the executable, wherever it is started from.
            ContentRootPath = hostArgs.Any(a => a.StartsWith("--contentRoot", StringComparison.Ordinal)) ? null : AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(overrides);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(ServeVerb.DefaultUrls);

        var services = builder.Services;
        // On SIGTERM the server stops accepting and lets requests in flight finish, for this long at most.
        services.Configure<HostOptions>(o => o.ShutdownTimeout =
            TimeSpan.FromSeconds(builder.Configuration.GetValue("Shutdown:TimeoutSeconds", 30.0)));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IOptions<DatabaseOptions>>(sp =>
            Options.Create(DatabaseOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>())));
        services.AddAppDb();
        services.AddSharedKeys();
        services.AddAccounts(builder.Configuration);
        services.AddSingleton(ReferenceSource.Embedded);
        services.AddScoped<ReferenceLoader>();
        services.AddScoped<EngagementCommands>();
        services.AddScoped<Settings.CommuneSettingsCommands>();
        services.AddSingleton<PlaceIndex>();
        services.AddOpenData();
        // Start-up work (migrations, reference data, catalogues…) once the server listens, one instance at a time.
        services.AddSingleton<StartupState>();
        services.AddHostedService<StartupService>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        services.AddSingleton<Leases>(); // background work that must run once across instances takes a lease
        services.AddHostedService<PlaceIndexWarmup>();
        services.AddScreening();

        services.AddProblemDetails();
        services.AddApiRequests(builder.Configuration);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CityDiplomacy API";
            document.Info.Description = "Diplomatie des villes : référentiels (communes, pays, lieux) et action internationale des communes.";
            return Task.CompletedTask;
        }));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddRazorPages(o =>
                // The commune search: a prefix search over every commune, the expensive page of the portal.
                o.Conventions.AddPageApplicationModelConvention("/Communes/Index", page => page.EndpointMetadata.Add(new ExpensiveAnonymousRead())))
            .AddViewLocalization();
        services.ConfigureOptions<Pages.Manage.BindingMessages>();
        // Pages never write a bidirectional override (see DisplayHtmlEncoder).
        services.AddSingleton<System.Text.Encodings.Web.HtmlEncoder>(new DisplayHtmlEncoder(System.Text.Encodings.Web.HtmlEncoder.Default));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = o.SupportedUICultures = Cultures;
            // French first: the language changes only when the user asks (link or cookie), not with the browser's.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        services.AddProxySupport(builder.Configuration);
        // Secure once the scheme is https (directly or as the trusted proxy forwarded it); plain http stays for local use.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddPublicCaching(builder.Configuration);
        services.AddPublicReadLimits(builder.Configuration);
        services.AddHealthChecks()
            .AddCheck<StartupHealthCheck>("startup", tags: ["ready"])
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<ReferenceDataHealthCheck>("reference-data", tags: ["ready"]);

        var app = builder.Build();
        Configure(app);
        return app;
    }

    private static void Configure(WebApplication app)
    {
        app.UseProxySupport();
        // A request the client got wrong (a body too large…) keeps its status (413…) instead of becoming a 500.
        app.UseWhen(c => IsApi(c.Request.Path), api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = ApiRequests.StatusCodeOf });
            api.UseStatusCodePages();
            api.UseApiBodyLimit();
        });
        app.UseWhen(c => !IsApi(c.Request.Path), pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/erreur", StatusCodeSelector = ApiRequests.StatusCodeOf });
            pages.UseStatusCodePagesWithReExecute("/erreur", "?code={0}");
        });
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticFiles();
        app.UseMiddleware<StartupGate>();
        app.UseRequestLocalization();
        app.UseRoutingWithHeadAsGet();
        app.UsePublicCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UsePublicCaching();
        app.UseAntiforgery();

        app.MapHealthChecks("/health", new() { Predicate = check => !check.Tags.Contains("ready") });
        app.MapHealthChecks("/health/ready");
        app.MapOpenApi();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("CityDiplomacy API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));

        app.MapCommunes();
        app.MapCountries();
        app.MapPlaceResolution();
        app.MapPlaces();
        app.MapCatalogueAdministration();
        app.MapEngagements();
        Settings.CommuneSettingsApi.MapCommuneSettings(app);
        app.MapOpenData();
        app.MapScreening();
        app.MapAccounts();
        app.MapEvidence();
        app.MapCampaigns();
        app.MapBaseMap();
        app.MapLanguageSwitch();
        app.MapRazorPages();
    }

    private static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health");
}
