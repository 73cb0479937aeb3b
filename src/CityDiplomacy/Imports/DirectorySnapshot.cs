using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityDiplomacy.Imports;

/// <summary>
/// The national twinning directories the product ships (data/directory, built by scripts/update-reference-data.sh):
/// <c>manifest.json</c> and the files it lists, each versioned by the SHA-256 of the file as published — the version
/// « import twinnings » gives the same file, so loading the snapshot after importing the file changes nothing.
/// </summary>
public abstract class DirectorySnapshot
{
    private DirectoryManifest? _manifest;

    public DirectoryManifest Manifest => _manifest ??= ReadManifest();

    /// <summary>Where the snapshot comes from, for messages.</summary>
    public abstract string Description { get; }

    protected abstract Stream OpenRaw(string file);

    /// <summary>Reads one shipped directory: its pairs, source name (the published file's name, with its licence) and version.</summary>
    public DirectoryFile Read(ShippedDirectory directory)
    {
        var format = TwinningDirectory.ParseFormat(directory.Format)
            ?? throw new InvalidDataException($"{Description}, manifest.json : format « {directory.Format} » inconnu pour « {directory.Name} ».");
        using var raw = OpenRaw(directory.File);
        using var stream = directory.File.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var file = TwinningDirectory.Parse(directory.SourceFile, format, buffer.ToArray(), TwinningDirectory.SourceNameFor(format, directory.SourceFile));
        if (!string.Equals(file.SourceVersion, directory.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException(
                $"{Description} : « {directory.File} » a l'empreinte {file.SourceVersion}, le manifeste annonce {directory.Sha256} (fichier altéré ou manifeste à régénérer).");
        return file;
    }

    private DirectoryManifest ReadManifest()
    {
        using var stream = OpenRaw("manifest.json");
        try
        {
            return JsonSerializer.Deserialize(stream, DirectoryJson.Default.DirectoryManifest)
                ?? throw new InvalidDataException($"{Description} : manifest.json est vide.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Description}, manifest.json, ligne {(e.LineNumber ?? 0) + 1} : {e.Message.Split(" Path:")[0]}");
        }
    }

    /// <summary>The snapshot embedded in the executable (data/directory at build time).</summary>
    public static DirectorySnapshot Embedded { get; } = new EmbeddedDirectorySnapshot();

    /// <summary>A snapshot read from a folder laid out like data/directory (an updated one).</summary>
    public static DirectorySnapshot FromFolder(string folder) => new FolderDirectorySnapshot(folder);

    private sealed class EmbeddedDirectorySnapshot : DirectorySnapshot
    {
        private static readonly Assembly Assembly = typeof(EmbeddedDirectorySnapshot).Assembly;

        public override string Description => "annuaire national intégré";

        protected override Stream OpenRaw(string file) =>
            Assembly.GetManifestResourceStream("directory/" + file)
            ?? throw new FileNotFoundException($"{Description} : fichier « {file} » absent de l'exécutable.", file);
    }

    private sealed class FolderDirectorySnapshot(string folder) : DirectorySnapshot
    {
        public override string Description => $"annuaire du dossier {folder}";

        protected override Stream OpenRaw(string file)
        {
            var path = Path.Combine(folder, file);
            if (!File.Exists(path)) throw new FileNotFoundException($"{Description} : fichier « {file} » introuvable.", path);
            return File.OpenRead(path);
        }
    }
}

public sealed record DirectoryManifest(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("directories")] IReadOnlyList<ShippedDirectory> Directories);

/// <summary>One shipped directory: its format, files, size, version (SHA-256 of the published file), date, licence and provenance.</summary>
public sealed record ShippedDirectory(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("sourceFile")] string SourceFile,
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("licence")] string Licence,
    [property: JsonPropertyName("licenceUrl")] string LicenceUrl,
    [property: JsonPropertyName("attribution")] string Attribution,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("provenance")] string Provenance)
{
    /// <summary>The name of its row in the loaded datasets' table (<see cref="Reference.ReferenceDataset"/>).</summary>
    public string DatasetName => "directory-" + Name;
}

[JsonSerializable(typeof(DirectoryManifest))]
internal sealed partial class DirectoryJson : JsonSerializerContext;
