using System.Globalization;
using System.Text.Json.Serialization;
using CityDiplomacy.Accounts;
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
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IOptions<DatabaseOptions>>(sp =>
            Options.Create(DatabaseOptions.FromConfiguration(sp.GetRequiredService<IConfiguration>())));
        services.AddAppDb();
        services.AddAccounts();
        services.AddSingleton(ReferenceSource.Embedded);
        services.AddScoped<ReferenceLoader>();
        services.AddSingleton<PlaceIndex>();
        services.AddOpenData();
        services.AddHostedService<DatabaseInitializer>();
        services.AddScreening();

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "CityDiplomacy API";
            document.Info.Description = "Diplomatie des villes : référentiels (communes, pays, lieux) et action internationale des communes.";
            return Task.CompletedTask;
        }));
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddRazorPages()
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
        services.AddPublicCaching(builder.Configuration);
        services.AddPublicReadLimits(builder.Configuration);
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<ReferenceDataHealthCheck>("reference-data", tags: ["ready"]);

        var app = builder.Build();
        Configure(app);
        return app;
    }

    private static void Configure(WebApplication app)
    {
        app.UseWhen(c => IsApi(c.Request.Path), api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !IsApi(c.Request.Path), pages =>
        {
            pages.UseExceptionHandler("/erreur");
            pages.UseStatusCodePagesWithReExecute("/erreur", "?code={0}");
        });
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
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
        app.MapOpenData();
        app.MapScreening();
        app.MapAccounts();
        app.MapEvidence();
        app.MapBaseMap();
        app.MapLanguageSwitch();
        app.MapRazorPages();
    }

    private static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health");
}
