using System.Security.Cryptography;
using System.Text;
using CityDiplomacy.Accounts;
using CityDiplomacy.Data;
using CityDiplomacy.Imports;
using CityDiplomacy.Places;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CityDiplomacy.Pages.Manage.Communes;

/// <summary>
/// Imports a commune's register from its town hall's export (CSV, .xlsx or .ods), in three steps: the file is uploaded; a preview shows
/// what was detected (encoding and separator or sheet, the field of each column from its header and cells, with its
/// confidence, correctable) and the outcome of every row as the
/// import computes it, without writing; « Importer » then writes exactly that, with the same code as the CLI
/// (<see cref="EngagementImport"/>). Between the steps the file travels in the form, signed and encrypted for this
/// commune (data protection), so the server keeps nothing; it is read again, and the right to edit the commune checked
/// again, at every step.
/// </summary>
[Authorize]
[RequestFormLimits(MultipartBodyLengthLimit = FormLimit, ValueLengthLimit = FormLimit)]
public sealed class ImportModel(AppDb db, CommuneAccess access, PlaceIndex places, IDataProtectionProvider protection,
    IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>The largest file accepted, CSV or workbook: the importer's limit.</summary>
    public const int MaxBytes = TownHallCsv.MaxBytes;

    /// <summary>The form may carry the file (encrypted, in base64: a third more) besides the mapping.</summary>
    private const int FormLimit = 16 * 1024 * 1024;

    /// <summary>How long a preview can be imported from: after that, the file is to be uploaded again.</summary>
    public static readonly TimeSpan PreviewLifetime = TimeSpan.FromHours(2);

    public enum Step { Upload, Preview, Done }

    public Step Stage { get; private set; } = Step.Upload;
    public string Insee { get; private set; } = "";
    public string CommuneName { get; private set; } = "";
    /// <summary>The file as read with the mapping shown; null when it could not be read.</summary>
    public TownHallFile? Source { get; private set; }
    public ImportReport? Report { get; private set; }
    /// <summary>The fields chosen for each column, as shown in the selects (when a chosen mapping could not be applied).</summary>
    public IReadOnlyList<ImportField?> Mapping { get; private set; } = [];
    public IReadOnlyList<string> Headers { get; private set; } = [];
    /// <summary>The file, name and bytes, protected for this commune: what the preview form sends back.</summary>
    public string? Payload { get; private set; }
    public string FileName { get; private set; } = "";
    /// <summary>Why the file, or the mapping chosen, was refused.</summary>
    public string? Problem { get; private set; }
    /// <summary>The register changed between the preview and « Importer »: nothing was written, the preview is new.</summary>
    public bool Stale { get; private set; }

    public static IEnumerable<ImportField> Fields => Enum.GetValues<ImportField>();

    public async Task<IActionResult> OnGetAsync(string insee, CancellationToken cancellationToken) =>
        await PrepareAsync(insee, cancellationToken) ?? Page();

    /// <summary>The uploaded file, read with the detected mapping, and the outcome of every row (dry run).</summary>
    public async Task<IActionResult> OnPostPreviewAsync(string insee, IFormFile? file, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(insee, cancellationToken) is { } refused) return refused;
        if (file is null || file.Length == 0)
            return Refuse(file is null ? l["Choisissez le fichier à importer (CSV, .xlsx ou .ods)."] : l["Le fichier « {0} » est vide.", Name(file.FileName)]);
        if (file.Length > MaxBytes)
            return Refuse(l["Le fichier « {0} » pèse {1} Mo : 10 Mo au plus. Enregistrez le registre seul, au format CSV ou en classeur.",
                Name(file.FileName), Math.Round(file.Length / 1048576.0, 1)]);

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        FileName = Name(file.FileName);
        return await PreviewAsync(bytes, mapping: null, cancellationToken);
    }

    /// <summary>« Corriger la correspondance »: the preview again, with the fields the user chose for the columns.</summary>
    public async Task<IActionResult> OnPostRemapAsync(string insee, string? payload, string[]? map, CancellationToken cancellationToken)
    {
        if (await PrepareAsync(insee, cancellationToken) is { } refused) return refused;
        if (Unprotect(payload) is not { } bytes) return Page();
        return await PreviewAsync(bytes, ParseMapping(map), cancellationToken);
    }

    /// <summary>« Importer »: writes what the preview showed, in one transaction; if the outcome changed meanwhile, nothing.</summary>
    public async Task<IActionResult> OnPostImportAsync(string insee, string? payload, string[]? map, string? fingerprint,
        CancellationToken cancellationToken)
    {
        if (await PrepareAsync(insee, cancellationToken) is { } refused) return refused;
        if (Unprotect(payload) is not { } bytes) return Page();
        var resolver = await places.GetResolverAsync(cancellationToken);
        if (Read(bytes, ParseMapping(map), resolver) is not { } file) return Page();

        var report = await new EngagementImport(db, resolver)
            .RunAsync(Insee, file, new ImportOptions(ExpectedFingerprint: fingerprint ?? ""), cancellationToken);
        Report = report;
        if (report.Stale)
        {
            // The register (or the reference data) changed since the preview: show the new one, to be confirmed.
            Stale = true;
            Stage = Step.Preview;
            Report = await new EngagementImport(db, resolver).RunAsync(Insee, file, new ImportOptions(DryRun: true), cancellationToken);
            return Page();
        }
        if (report.Written)
            await HttpContext.RequestServices.GetRequiredService<Screening.ScreeningService>()
                .ScreenAsync(Screening.ScreeningScope.Commune(Insee), cancellationToken);
        Stage = Step.Done;
        return Page();
    }

    private async Task<IActionResult> PreviewAsync(byte[] bytes, IReadOnlyList<ImportField?>? mapping, CancellationToken cancellationToken)
    {
        Payload = Protect(bytes);
        Stage = Step.Preview;
        var resolver = await places.GetResolverAsync(cancellationToken);
        if (Read(bytes, mapping, resolver) is not { } file) return Page();
        Report = await new EngagementImport(db, resolver).RunAsync(Insee, file, new ImportOptions(DryRun: true), cancellationToken);
        return Page();
    }

    /// <summary>The file with that mapping, or null with the problem (and the header, to correct the mapping) when it cannot be read.</summary>
    private TownHallFile? Read(byte[] bytes, IReadOnlyList<ImportField?>? mapping, PlaceResolver resolver)
    {
        var vocabulary = new ResolverVocabulary(resolver);
        try
        {
            Source = TownHallCsv.Read(FileName, bytes, new TownHallReadOptions(mapping, Vocabulary: vocabulary));
            Headers = Source.Columns.Select(c => c.Header).ToList();
            Mapping = Source.Columns.Select(c => c.Field).ToList();
            return Source;
        }
        catch (Exception error) when (error is InvalidDataException or IOException)
        {
            Problem = error.Message;
            if (mapping is not null)
            {
                // The mapping chosen is refused: the columns, as detected, with the user's choices, to correct them.
                try
                {
                    var detected = TownHallCsv.Read(FileName, bytes, new TownHallReadOptions(Vocabulary: vocabulary));
                    Headers = detected.Columns.Select(c => c.Header).ToList();
                    Mapping = Headers.Count == mapping.Count ? mapping : detected.Columns.Select(c => c.Field).ToList();
                    Stage = Step.Preview;
                    return null;
                }
                catch (Exception again) when (again is InvalidDataException or IOException)
                {
                    // Not even the detected mapping reads: back to the upload.
                }
            }
            Stage = Step.Upload;
            Payload = null;
            return null;
        }
    }

    private static IReadOnlyList<ImportField?> ParseMapping(string[]? map) =>
        (map ?? []).Select(value => Enum.TryParse<ImportField>(value, ignoreCase: false, out var field) && Enum.IsDefined(field)
            ? field : (ImportField?)null).ToList();

    private IDataProtector Protector => protection.CreateProtector("CityDiplomacy.Imports.Upload", Insee);

    private string Protect(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FileName);
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }
        return Convert.ToBase64String(Protector.ToTimeLimitedDataProtector().Protect(buffer.ToArray(), PreviewLifetime));
    }

    /// <summary>The file sent back by the preview form, checked: signed for this commune, recent, within the size limit.</summary>
    private byte[]? Unprotect(string? payload)
    {
        try
        {
            var data = Protector.ToTimeLimitedDataProtector().Unprotect(Convert.FromBase64String(payload ?? ""));
            using var reader = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
            FileName = reader.ReadString();
            var length = reader.ReadInt32();
            if (length is <= 0 or > MaxBytes) throw new CryptographicException("size");
            return reader.ReadBytes(length);
        }
        catch (Exception error) when (error is CryptographicException or FormatException or EndOfStreamException)
        {
            Stage = Step.Upload;
            Problem = l["Le fichier de l'aperçu est illisible ou expiré (2 heures au plus) : déposez-le à nouveau."];
            return null;
        }
    }

    private PageResult Refuse(string problem)
    {
        Stage = Step.Upload;
        Problem = problem;
        return Page();
    }

    /// <summary>The file's name without any folder a browser may send, and without control characters.</summary>
    private static string Name(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return name.Length == 0 ? "fichier.csv" : name.Length > 150 ? name[..150] : name;
    }

    private async Task<IActionResult?> PrepareAsync(string insee, CancellationToken cancellationToken)
    {
        Insee = insee.ToUpperInvariant();
        if (!await access.CanEditAsync(Insee, cancellationToken)) return Workspace.Denied(access);
        if (await db.CommuneNameAsync(Insee, cancellationToken) is not { } name) return NotFound();
        CommuneName = name;
        return null;
    }
}
