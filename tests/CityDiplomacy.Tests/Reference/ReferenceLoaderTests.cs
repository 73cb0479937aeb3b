using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CityDiplomacy.Data;
using CityDiplomacy.Reference;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Reference;

public sealed class ReferenceLoaderTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Loading_twice_gives_the_same_counts_and_changes_nothing_the_second_time(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, withReference: false);
        await using var db = database.Open();
        await DataSetup.MigrateAsync(db);
        var loader = new ReferenceLoader(db, TestClock.Create());

        var first = await loader.LoadAsync(ReferenceSource.Embedded);
        var countsAfterFirst = await CountsAsync(db);
        var second = await loader.LoadAsync(ReferenceSource.Embedded);
        var countsAfterSecond = await CountsAsync(db);

        Assert.All(first.Datasets, d => Assert.True(d.Loaded, d.Name));
        Assert.False(second.ChangedAnything);
        Assert.Equal(countsAfterFirst, countsAfterSecond);
        var manifest = ReferenceSource.Embedded.Manifest;
        Assert.Equal(manifest.Dataset("communes")!.Rows, countsAfterFirst["communes"]);
        Assert.Equal(manifest.Dataset("places")!.Rows, countsAfterFirst["places"]);
        Assert.Equal(34_969, await db.Communes.CountAsync(c => c.Kind == CommuneKind.Current));
        Assert.Equal(250, countsAfterFirst["countries"]);
        Assert.True(await ReferenceLoader.IsCurrentAsync(db, ReferenceSource.Embedded));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_newer_version_updates_rows_in_place_and_removes_the_ones_it_dropped(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var release = NewRelease.Copy();
        release.Rewrite("regions.tsv", lines => lines
            .Where(line => !line.StartsWith("06\t", StringComparison.Ordinal)) // Mayotte leaves this release
            .Select(line => line.StartsWith("24\t", StringComparison.Ordinal) ? line.Replace("Centre-Val de Loire", "Centre – Val de Loire") : line));
        await using var db = database.Open();

        var result = await new ReferenceLoader(db, TestClock.Create()).LoadAsync(new DirectoryReferenceSource(release.Directory));

        var regions = result.Datasets.Single(d => d.Name == "regions");
        Assert.True(regions.Loaded);
        Assert.Equal(1, regions.Removed);
        Assert.All(result.Datasets.Where(d => d.Name != "regions"), d => Assert.False(d.Loaded, d.Name));
        var centre = await db.Regions.SingleAsync(r => r.Code == "24");
        Assert.Equal("Centre – Val de Loire", centre.Name);
        Assert.Equal(regions.Version, centre.DatasetVersion);
        Assert.Null(await db.Regions.FindAsync("06"));
        Assert.Equal(regions.Version, (await db.ReferenceDatasets.SingleAsync(d => d.Name == "regions")).Version);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_broken_release_is_refused_with_file_and_line_and_leaves_the_database_as_it_was(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var release = NewRelease.Copy();
        release.Rewrite("regions.tsv", lines => lines.Select(line => line.StartsWith("24\t", StringComparison.Ordinal) ? "24\tCentre renommé" : line));
        release.Rewrite("departments.tsv", lines => lines.Select(line => line.Replace("Loiret", "Loiret modifié")));
        await using var db = database.Open();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            new ReferenceLoader(db, TestClock.Create()).LoadAsync(new DirectoryReferenceSource(release.Directory)));

        Assert.Contains("regions.tsv", error.Message);
        Assert.Contains("ligne", error.Message);
        await using var fresh = database.Open();
        Assert.Equal("Centre-Val de Loire", (await fresh.Regions.SingleAsync(r => r.Code == "24")).Name);
        Assert.Equal("Loiret", (await fresh.Departments.SingleAsync(d => d.Code == "45")).Name);
        Assert.True(await ReferenceLoader.IsCurrentAsync(fresh, ReferenceSource.Embedded));
    }

    [Fact]
    public void Every_shipped_file_matches_its_manifest_checksum()
    {
        var manifest = ReferenceSource.Embedded.Manifest;
        Assert.NotEmpty(manifest.Datasets);
        foreach (var dataset in manifest.Datasets)
        {
            var bytes = File.ReadAllBytes(Path.Combine(Repository.ReferenceData, dataset.File));
            Assert.Equal(dataset.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }
        Assert.All(manifest.Sources, s => Assert.False(string.IsNullOrWhiteSpace(s.Licence), s.Package));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_loaded_row_keeps_the_version_of_its_dataset(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.Open();
        var versions = await db.ReferenceDatasets.ToDictionaryAsync(d => d.Name, d => d.Version);

        Assert.Equal(0, await db.Communes.CountAsync(c => c.DatasetVersion != versions["communes"]));
        Assert.Equal(0, await db.Places.CountAsync(p => p.DatasetVersion != versions["places"]));
        Assert.Contains("@etalab/decoupage-administratif@6.0.0", (await db.ReferenceDatasets.SingleAsync(d => d.Name == "communes")).Sources);
    }

    private static async Task<Dictionary<string, long>> CountsAsync(AppDb db) => new()
    {
        ["regions"] = await db.Regions.LongCountAsync(),
        ["departments"] = await db.Departments.LongCountAsync(),
        ["epci"] = await db.Epcis.LongCountAsync(),
        ["communes"] = await db.Communes.LongCountAsync(),
        ["countries"] = await db.Countries.LongCountAsync(),
        ["places"] = await db.Places.LongCountAsync(),
        ["admin1"] = await db.Admin1Regions.LongCountAsync(),
    };

    /// <summary>A copy of data/reference to edit as if it were a newer release, with its manifest kept consistent.</summary>
    private sealed class NewRelease : IDisposable
    {
        public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("citydiplomacy-release-").FullName;

        public static NewRelease Copy()
        {
            var release = new NewRelease();
            foreach (var file in System.IO.Directory.GetFiles(Repository.ReferenceData))
                File.Copy(file, Path.Combine(release.Directory, Path.GetFileName(file)));
            return release;
        }

        public void Rewrite(string file, Func<IEnumerable<string>, IEnumerable<string>> edit)
        {
            var path = Path.Combine(Directory, file);
            var lines = edit(File.ReadAllLines(path)).ToList();
            File.WriteAllText(path, string.Join('\n', lines) + "\n");
            var manifestPath = Path.Combine(Directory, "manifest.json");
            var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
            var entry = manifest["datasets"]!.AsArray().Single(d => (string?)d!["file"] == file)!;
            entry["sha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
            entry["rows"] = lines.Count - 1;
            File.WriteAllText(manifestPath, manifest.ToJsonString());
        }

        public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
    }
}
