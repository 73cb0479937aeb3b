using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CityDiplomacy.Tests.Manage.Forms;

namespace CityDiplomacy.Tests.Manage;

/// <summary>
/// The upload page: file → preview (detection, correctable mapping, every row's outcome, nothing written) → « Importer »
/// (what the preview showed, audited, with provenance) → result; and every way it refuses.
/// </summary>
public sealed class ImportPageTests
{
    private const string Url = $"/espace/communes/{SaintJeanDeBraye}/import";
    private const string SampleName = "jumelages_export_mairie_cp1252.csv";

    private static byte[] Sample() => File.ReadAllBytes(Repository.TestFile("samples", SampleName));

    /// <summary>Uploads <paramref name="bytes"/> through the upload form, its antiforgery token included unless told otherwise.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string name = SampleName, bool withToken = true)
    {
        var page = await client.PageAsync(Url);
        var form = page.QuerySelector<IHtmlFormElement>("form.import-upload") ?? throw new InvalidOperationException("form.import-upload absent");
        var content = new MultipartFormDataContent();
        if (withToken)
            foreach (var (key, value) in Values(form).Where(f => f.Key == "__RequestVerificationToken"))
                content.Add(new StringContent(value), key);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", name);
        return await client.PostAsync(form.GetAttribute("action"), content);
    }

    /// <summary>Submits the preview form with the button whose text is <paramref name="button"/>, the columns mapped as <paramref name="map"/> when given.</summary>
    private static async Task<HttpResponseMessage> SubmitPreviewAsync(HttpClient client, IDocument preview, string button, string?[]? map = null,
        string? payload = null)
    {
        var form = preview.QuerySelector<IHtmlFormElement>("form.import-preview") ?? throw new InvalidOperationException("form.import-preview absent");
        var fields = Values(form).ToList();
        if (map is not null)
        {
            fields.RemoveAll(f => f.Key == "map");
            fields.AddRange(map.Select(m => new KeyValuePair<string, string>("map", m ?? "")));
        }
        if (payload is not null)
        {
            fields.RemoveAll(f => f.Key == "payload");
            fields.Add(new("payload", payload));
        }
        var submit = form.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == button);
        var action = submit.GetAttribute("formaction") ?? form.GetAttribute("action");
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private static int Count(IDocument page, string name) =>
        int.Parse(page.QuerySelector($"dd[data-count={name}]")?.TextContent.Trim() ?? throw new InvalidOperationException($"{name} absent"));

    private static (int Rows, int Imported, int Unchanged, int Rejected, int Unresolved) Counts(IDocument page) =>
        (Count(page, "rows"), Count(page, "imported"), Count(page, "unchanged"), Count(page, "rejected"), Count(page, "unresolved"));

    private static IReadOnlyList<int> Lines(IDocument page, string outcome) =>
        page.QuerySelectorAll($"table.import-rows tr[data-outcome={outcome}]").Select(r => int.Parse(r.GetAttribute("data-line")!)).ToList();

    private static string SelectedField(IDocument page, string header)
    {
        var label = page.QuerySelectorAll("form.import-preview th label").Single(l => l.TextContent.Trim() == header);
        var select = (IHtmlSelectElement)page.GetElementById(label.GetAttribute("for")!)!;
        return select.Options.First(o => o.IsSelected).Value;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_sample_is_previewed_as_the_CLI_counts_it_then_imported_exactly_then_unchanged_on_a_second_upload(string provider)
    {
        var bytes = Sample();
        await using var app = await TestApp.SharedAsync(provider);
        // As a started server does: the index is built in the background, not inside the first preview's request.
        await app.Services.GetRequiredService<CityDiplomacy.Places.PlaceIndex>().WarmAsync();
        using var client = await app.OfficerAsync();

        var dashboard = await client.PageAsync($"/espace/communes/{SaintJeanDeBraye}");
        Assert.NotNull(dashboard.QuerySelector($"a[href='{Url}']"));

        var upload = await UploadAsync(client, bytes);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var preview = await upload.ParseAsync();
        Assert.Contains("Windows-1252", preview.QuerySelector("dl.facts")!.TextContent);
        Assert.Equal("Partner", SelectedField(preview, "Ville partenaire"));
        Assert.Equal("Country", SelectedField(preview, "Pays"));
        Assert.Equal("SignedOn", SelectedField(preview, "Date de signature"));
        Assert.Equal((12, 8, 1, 2, 1), Counts(preview));
        Assert.Equal([6, 8], Lines(preview, "rejected"));
        Assert.Equal([10], Lines(preview, "unresolved"));
        Assert.Contains("Kraków (PL)", preview.QuerySelector("tr[data-line='2']")!.TextContent);
        Assert.Empty(await app.RegisterAsync(SaintJeanDeBraye)); // a preview writes nothing

        var imported = await (await SubmitPreviewAsync(client, preview, "Importer")).ParseAsync();
        Assert.Equal((12, 8, 1, 2, 1), Counts(imported));
        var links = imported.QuerySelectorAll("table.import-rows a[href^='/espace/engagements/']");
        Assert.Equal(8, links.Length);

        await using (var db = app.OpenDb())
        {
            var twinnings = await db.Engagements.OfType<Twinning>().AsNoTracking().Where(e => e.CommuneCode == SaintJeanDeBraye).ToListAsync();
            Assert.Equal(8, twinnings.Count);
            var krakow = Assert.Single(twinnings, t => t.Partners[0].GeonameId == 3094802);
            Assert.Equal($"export mairie : {SampleName}", krakow.SourceName);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), krakow.SourceVersion);
            Assert.Equal("ligne 2", krakow.SourceRecord);
            var ids = twinnings.Select(t => t.Id.ToString()).ToList();
            var audited = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "Engagement" && a.Action == "created").ToListAsync();
            Assert.Equal(8, audited.Count(a => ids.Contains(a.EntityId) && a.Actor != "cli"));
        }

        var again = await (await UploadAsync(client, bytes)).ParseAsync();
        Assert.Equal((12, 0, 9, 2, 1), Counts(again));
    }

    [Fact]
    public async Task A_corrected_mapping_changes_the_preview_and_the_import_follows_it()
    {
        var bytes = Sample();
        await using var app = await TestApp.SharedAsync("sqlite");
        // As a started server does: the index is built in the background, not inside the first preview's request.
        await app.Services.GetRequiredService<CityDiplomacy.Places.PlaceIndex>().WarmAsync();
        using var client = await app.OfficerAsync();
        var preview = await (await UploadAsync(client, bytes)).ParseAsync();

        // « Date de signature » ignored: the impossible 31/02/1990 of line 8 no longer rejects it.
        string?[] map = ["Partner", "Country", null, "Deliberation", "Status", "Committee", "Notes"];
        var corrected = await (await SubmitPreviewAsync(client, preview, "Corriger la correspondance", map)).ParseAsync();
        Assert.Equal("", SelectedField(corrected, "Date de signature"));
        Assert.Equal([6], Lines(corrected, "rejected"));
        Assert.Equal((12, 9, 1, 1, 1), Counts(corrected));
        Assert.Empty(await app.RegisterAsync(SaintJeanDeBraye));

        var imported = await (await SubmitPreviewAsync(client, corrected, "Importer")).ParseAsync();
        Assert.Equal((12, 9, 1, 1, 1), Counts(imported));
        var register = await app.RegisterAsync(SaintJeanDeBraye);
        Assert.Equal(9, register.Count);
        Assert.All(register, e => Assert.Null(e.StartedOn));

        // A field chosen for two columns is refused, naming it; nothing more is written.
        string?[] twice = ["Partner", "Partner", null, null, null, null, null];
        var refused = await (await SubmitPreviewAsync(client, corrected, "Corriger la correspondance", twice)).ParseAsync();
        Assert.Contains("plusieurs colonnes", refused.QuerySelector("#probleme")!.TextContent);
        Assert.Equal(9, (await app.RegisterAsync(SaintJeanDeBraye)).Count);
    }

    [Fact]
    public async Task Bad_files_a_tampered_preview_another_commune_and_a_missing_token_are_refused_and_nothing_is_written()
    {
        var bytes = Sample();
        await using var app = await TestApp.SharedAsync("sqlite");
        // As a started server does: the index is built in the background, not inside the first preview's request.
        await app.Services.GetRequiredService<CityDiplomacy.Places.PlaceIndex>().WarmAsync();
        using var client = await app.OfficerAsync();

        var oversized = await (await UploadAsync(client, new byte[10 * 1024 * 1024 + 1])).ParseAsync();
        Assert.Contains("10 Mo au plus", oversized.QuerySelector("#probleme")!.TextContent);
        var empty = await (await UploadAsync(client, [])).ParseAsync();
        Assert.Contains("est vide", empty.QuerySelector("#probleme")!.TextContent);
        var binary = await (await UploadAsync(client, [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x41], "registre.xlsx")).ParseAsync();
        Assert.Contains("archive zip illisible", binary.QuerySelector("#probleme")!.TextContent);
        var noPartner = await (await UploadAsync(client, Encoding.UTF8.GetBytes("Nom;Date\nX;2020-01-01\n"), "autre.csv")).ParseAsync();
        Assert.Contains("aucune colonne du partenaire", noPartner.QuerySelector("#probleme")!.TextContent);

        var preview = await (await UploadAsync(client, bytes)).ParseAsync();
        var payload = preview.QuerySelector<IHtmlInputElement>("input[name=payload]")!.Value;
        var tampered = payload[..^8] + (payload[^8] == 'A' ? 'B' : 'A') + payload[^7..];
        var forged = await (await SubmitPreviewAsync(client, preview, "Importer", payload: tampered)).ParseAsync();
        Assert.Contains("illisible ou expiré", forged.QuerySelector("#probleme")!.TextContent);

        var withoutToken = await UploadAsync(client, bytes, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        var fields = Values(preview.QuerySelector<IHtmlFormElement>("form.import-preview")!).Where(f => f.Key != "__RequestVerificationToken");
        var importWithoutToken = await client.PostAsync($"{Url}?handler=import", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.BadRequest, importWithoutToken.StatusCode);

        using var other = await app.OfficerAsync("ri@nogent-sur-oise.fr", NogentSurOise);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(Url)).StatusCode);
        // The preview of Saint-Jean-de-Braye, sent back by an officer of another commune with a valid token of their own.
        var otherPage = await other.PageAsync($"/espace/communes/{NogentSurOise}/import");
        var token = Values(otherPage.QuerySelector<IHtmlFormElement>("form.import-upload")!).Single(f => f.Key == "__RequestVerificationToken");
        var stolen = await other.PostAsync($"{Url}?handler=import",
            new FormUrlEncodedContent([token, new("payload", payload), new("fingerprint", "")]));
        Assert.Equal(HttpStatusCode.Forbidden, stolen.StatusCode);

        Assert.Empty(await app.RegisterAsync(SaintJeanDeBraye));
    }
}
