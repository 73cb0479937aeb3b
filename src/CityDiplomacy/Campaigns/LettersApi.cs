using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Reference;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Campaigns;

/// <summary>
/// Letters to candidate lists, for monitors and administrators: a commune's letters as Word or print-friendly HTML, and
/// a department's letters as one ZIP with a mail-merge CSV. The ZIP is written to a temporary file first and served
/// only once complete, so a failure answers an error before the first byte, never a download cut off mid-stream.
/// </summary>
public static class LettersApi
{
    public static RouteGroupBuilder MapCampaignLetters(this RouteGroupBuilder campaigns)
    {
        campaigns.MapGet("/{slug}/letters/{insee}.docx", CommuneDocx).WithName("GetCampaignLettersDocx")
            .WithSummary("Les lettres aux listes candidates d'une commune (Word ; observateurs et administrateurs)")
            .Produces(StatusCodes.Status200OK, contentType: LetterDocuments.DocxType).WithLetterProblems();
        campaigns.MapGet("/{slug}/letters/{insee}.html", CommuneHtml).WithName("GetCampaignLettersHtml")
            .WithSummary("Les lettres aux listes candidates d'une commune, page à imprimer (observateurs et administrateurs)")
            .Produces(StatusCodes.Status200OK, contentType: "text/html").WithLetterProblems();
        campaigns.MapGet("/{slug}/letters", DepartmentZip).WithName("GetCampaignLettersZip")
            .WithSummary("Les lettres d'un département : un .docx par commune ayant des listes et un CSV de publipostage (ZIP)")
            .WithDescription("department : code du département (45, 2A, 974). Le CSV (UTF-8 avec BOM, « ; ») a une ligne par liste : " +
                             "commune_insee, commune_nom, liste, tete_de_liste, fichier.")
            .Produces(StatusCodes.Status200OK, contentType: "application/zip").WithLetterProblems()
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return campaigns;
    }

    private static RouteHandlerBuilder WithLetterProblems(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CommuneDocx(string slug, string insee, HttpContext http,
        AppDb db, CommuneAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        var (letters, problem) = await CommuneAsync(slug, insee, http, db, access, time, cancellationToken);
        if (problem is not null) return problem;
        using var output = new MemoryStream();
        LetterDocuments.WriteDocx(letters!, output);
        NoStore(http);
        return TypedResults.File(output.ToArray(), LetterDocuments.DocxType, letters!.FileName("docx"));
    }

    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> CommuneHtml(string slug, string insee, HttpContext http,
        AppDb db, CommuneAccess access, HtmlEncoder encoder, TimeProvider time, CancellationToken cancellationToken)
    {
        var (letters, problem) = await CommuneAsync(slug, insee, http, db, access, time, cancellationToken);
        if (problem is not null) return problem;
        NoStore(http);
        return TypedResults.Content(LetterDocuments.Html(letters!, encoder), "text/html; charset=utf-8");
    }

    private static async Task<(CommuneLetters?, ProblemHttpResult?)> CommuneAsync(string slug, string insee, HttpContext http, AppDb db,
        CommuneAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await CampaignsApi.RequireMonitorAsync(http, access, cancellationToken) is { } denied) return (null, denied);
        if (await CampaignsApi.FindAsync(db, slug, cancellationToken) is not { } campaign) return (null, CampaignsApi.UnknownCampaign(slug));
        if (await CampaignsApi.CurrentCommuneAsync(db, insee, cancellationToken) is not { } code)
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Commune inconnue",
                detail: $"Aucune commune actuelle n'a le code INSEE « {insee} »."));
        var name = await db.Communes.AsNoTracking().Where(c => c.Code == code && c.Kind == CommuneKind.Current).Select(c => c.Name).SingleAsync(cancellationToken);
        var lists = (await db.CandidateLists.AsNoTracking().Where(l => l.CampaignId == campaign.Id && l.CommuneCode == code)
            .ToListAsync(cancellationToken)).InPanelOrder();
        if (lists.Count == 0)
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Aucune liste candidate",
                detail: $"{name} ({code}) n'a aucune liste candidate enregistrée dans la campagne « {campaign.Title} » : il n'y a pas de lettre à écrire."));
        return (await CampaignLetters.BuildAsync(db, campaign, code, name, lists, Today(time), BaseUrl(http), cancellationToken), null);
    }

    internal static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DepartmentZip(string slug, string? department,
        HttpContext http, AppDb db, CommuneAccess access, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await CampaignsApi.RequireMonitorAsync(http, access, cancellationToken) is { } denied) return denied;
        if (await CampaignsApi.FindAsync(db, slug, cancellationToken) is not { } campaign) return CampaignsApi.UnknownCampaign(slug);
        var code = CampaignLetters.DepartmentCode(department);
        if (code is null || !await db.Departments.AsNoTracking().AnyAsync(d => d.Code == code, cancellationToken))
            return EngagementsApi.Broken(new DomainRuleException("department", string.IsNullOrWhiteSpace(department)
                ? "Le code du département est obligatoire (par ex. 45, 2A ou 974)."
                : $"« {department} » n'est le code d'aucun département (par ex. 45, 2A ou 974)."));

        var path = Path.Combine(Path.GetTempPath(), $"citydiplomacy-lettres-{Guid.NewGuid():N}.zip");
        FileStream? file = null;
        try
        {
            file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            var communes = await LettersOfDepartmentAsync(db, campaign, code, Today(time), BaseUrl(http), cancellationToken)
                .WriteZipAsync(file, cancellationToken);
            if (communes == 0)
            {
                await file.DisposeAsync();
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Aucune liste candidate",
                    detail: $"Aucune commune du département {code} n'a de liste candidate enregistrée dans la campagne « {campaign.Title} ».");
            }
            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            NoStore(http);
            // The response disposes the stream, which deletes the file.
            return TypedResults.File(file, "application/zip", $"lettres-{campaign.Slug}-{code}.zip");
        }
        catch
        {
            if (file is not null) await file.DisposeAsync();
            throw;
        }
    }

    private static Task<int> WriteZipAsync(this IAsyncEnumerable<CommuneLetters> communes, Stream output, CancellationToken cancellationToken) =>
        LetterDocuments.WriteZipAsync(communes, output, cancellationToken);

    /// <summary>The letters of every commune of the department that has lists, by INSEE code, one commune at a time.</summary>
    public static async IAsyncEnumerable<CommuneLetters> LettersOfDepartmentAsync(AppDb db, Campaign campaign, string department, DateOnly today,
        string baseUrl, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lists = await (from l in db.CandidateLists.AsNoTracking()
                           join c in db.Communes.AsNoTracking() on l.CommuneCode equals c.Code
                           where l.CampaignId == campaign.Id && c.Kind == CommuneKind.Current && c.DepartmentCode == department
                           select new { List = l, CommuneName = c.Name }).ToListAsync(cancellationToken);
        foreach (var commune in lists.GroupBy(x => x.List.CommuneCode).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = commune.Select(x => x.List).InPanelOrder();
            yield return await CampaignLetters.BuildAsync(db, campaign, commune.Key, commune.First().CommuneName, ordered, today, baseUrl, cancellationToken);
        }
    }

    private static DateOnly Today(TimeProvider time) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(time.GetUtcNow().UtcDateTime, Campaign.ParisTime));

    private static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
    }
}
