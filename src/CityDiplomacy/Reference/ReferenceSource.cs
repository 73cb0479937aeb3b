using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityDiplomacy.Reference;

/// <summary>The shipped reference data: <c>manifest.json</c> plus the files it lists.</summary>
public abstract class ReferenceSource
{
    private ReferenceManifest? _manifest;

    public ReferenceManifest Manifest => _manifest ??= ReadManifest();

    /// <summary>Opens a shipped file, decompressed when it ends in .gz.</summary>
    public Stream Open(string file)
    {
        var raw = OpenRaw(file);
        return file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
    }

    protected abstract Stream OpenRaw(string file);

    /// <summary>Where the data comes from, for messages.</summary>
    public abstract string Description { get; }

    private ReferenceManifest ReadManifest()
    {
        using var stream = OpenRaw("manifest.json");
        return JsonSerializer.Deserialize(stream, ReferenceJson.Default.ReferenceManifest)
            ?? throw new InvalidDataException($"{Description}: manifest.json est vide.");
    }

    /// <summary>The data embedded in the executable (data/reference at build time).</summary>
    public static ReferenceSource Embedded { get; } = new EmbeddedReferenceSource();
}

internal sealed class EmbeddedReferenceSource : ReferenceSource
{
    private static readonly Assembly Assembly = typeof(EmbeddedReferenceSource).Assembly;

    public override string Description => "données de référence intégrées";

    protected override Stream OpenRaw(string file) =>
        Assembly.GetManifestResourceStream("reference/" + file)
        ?? throw new FileNotFoundException($"{Description} : fichier « {file} » absent de l'exécutable.", file);
}

/// <summary>Reference data read from a folder laid out like data/reference (e.g. a newer release).</summary>
public sealed class DirectoryReferenceSource(string directory) : ReferenceSource
{
    public override string Description => $"données de référence du dossier {directory}";

    protected override Stream OpenRaw(string file)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{Description} : fichier « {file} » introuvable.", path);
        return File.OpenRead(path);
    }
}

public sealed record ReferenceManifest(
    [property: JsonPropertyName("datasets")] IReadOnlyList<ManifestDataset> Datasets,
    [property: JsonPropertyName("sources")] IReadOnlyList<ManifestSource> Sources)
{
    public ManifestDataset? Dataset(string name) => Datasets.FirstOrDefault(d => d.Name == name);
}

public sealed record ManifestDataset(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("sources")] IReadOnlyList<string> Sources)
{
    /// <summary>The version stamped on every row loaded from this dataset.</summary>
    public string Version => Sha256.Length > 16 ? Sha256[..16] : Sha256;
}

public sealed record ManifestSource(
    [property: JsonPropertyName("package")] string Package,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("integrity")] string? Integrity,
    [property: JsonPropertyName("licence")] string Licence,
    [property: JsonPropertyName("attribution")] string Attribution,
    [property: JsonPropertyName("url")] string? Url);

[JsonSerializable(typeof(ReferenceManifest))]
internal sealed partial class ReferenceJson : JsonSerializerContext;
