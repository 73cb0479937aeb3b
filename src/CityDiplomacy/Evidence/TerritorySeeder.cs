using System.Reflection;
using System.Security.Cryptography;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Evidence;

/// <summary>
/// Loads the territorial-status file shipped in the executable (data/territories/territories.csv) at start, when
/// this version of it (SHA-256) has never been imported: a first start, or an upgraded executable. A file imported
/// since with « evidence import --kind territories » stays until the next shipped version.
/// </summary>
public static class TerritorySeeder
{
    public const string File = "territories.csv";
    public const string Actor = "system";

    public static byte[] ShippedBytes()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("territories/" + File)
            ?? throw new FileNotFoundException($"Fichier « {File} » absent de l'exécutable.", File);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <summary>The import's report, or null when this version was already imported or the reference data is missing.</summary>
    public static async Task<EvidenceReport?> SeedAsync(AppDb db, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var bytes = ShippedBytes();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (await db.EvidenceImports.AnyAsync(i => i.Kind == EvidenceKind.Territories && i.Sha256 == sha, cancellationToken)) return null;
        if (!await db.Countries.AnyAsync(cancellationToken)) return null;
        using (AuditActor.Use(Actor))
        {
            var report = await new EvidenceImporter(db, time).ImportAsync(EvidenceKind.Territories, bytes, File,
                new EvidenceImportOptions(Actor), cancellationToken: cancellationToken);
            if (report.Rejected.Count > 0)
                throw new InvalidDataException(string.Join(Environment.NewLine,
                    report.Rejected.Select(r => $"{File}, ligne {r.Line}, {r.Field} : {r.Reason}")));
            return report;
        }
    }
}
