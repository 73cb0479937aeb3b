using System.IO.Compression;
using CityDiplomacy.Cli;
using CityDiplomacy.Data;
using CityDiplomacy.Tests.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Cli;

public sealed class BackupVerbsTests
{
    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var code = await Verbs.RunAsync(args, output, error, new StringReader(""));
        return (code, output.ToString(), error.ToString());
    }

    private static AppDb OpenRestored(string dataDir) =>
        new AppDbFactory(new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = TestDatabase.SqliteConnectionString(Path.Combine(dataDir, DatabaseOptions.SqliteFileName)),
        }).Create();

    [Fact]
    public async Task A_backup_taken_while_the_register_is_written_restores_a_consistent_register_and_its_keys()
    {
        await using var app = await TestApp.StartAsync("sqlite");
        using var officer = await app.OfficerAsync();
        var work = Directory.CreateTempSubdirectory("citydiplomacy-backup-test-").FullName;
        try
        {
            var dataDir = Path.Combine(work, "data");
            Directory.CreateDirectory(Path.Combine(dataDir, "keys"));
            await File.WriteAllTextAsync(Path.Combine(dataDir, "keys", "key-test.xml"), "<key id=\"test\" />");

            // An officer keeps writing through the API during the whole backup.
            using var stop = new CancellationTokenSource();
            var written = 0;
            var writer = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested || written < 6)
                {
                    await officer.CreateAsync("cooperation-projects", RegisterApi.Creation("cooperation-projects"));
                    Interlocked.Increment(ref written);
                }
            });
            while (Volatile.Read(ref written) < 3 && !writer.IsCompleted) await Task.Delay(20);
            int before;
            await using (var db = app.OpenDb()) before = await db.Engagements.CountAsync();

            var archive = Path.Combine(work, "sauvegarde.zip");
            var backup = await RunAsync("backup", "--output", archive, "--data-dir", dataDir,
                "--database", "sqlite", "--connection-string", app.Database.ConnectionString);
            await stop.CancelAsync();
            await writer;
            Assert.True(backup.Code == 0, backup.Error);
            Assert.Contains("1 clé(s)", backup.Output);
            int after;
            await using (var db = app.OpenDb()) after = await db.Engagements.CountAsync();
            Assert.True(after > before, "writes went on during the backup");

            var restoredDir = Path.Combine(work, "restored");
            var restore = await RunAsync("restore", "--input", archive, "--data-dir", restoredDir);
            Assert.True(restore.Code == 0, restore.Error);
            Assert.Equal("<key id=\"test\" />", await File.ReadAllTextAsync(Path.Combine(restoredDir, "keys", "key-test.xml")));

            await using (var restored = OpenRestored(restoredDir))
            {
                var ids = await restored.Engagements.Select(e => e.Id).ToListAsync();
                Assert.InRange(ids.Count, before, after);
                // Each engagement arrived with its audit entry: the copy is one committed state, not a mix.
                var audited = await restored.AuditEntries.Where(a => a.EntityType == "Engagement" && a.Action == "created")
                    .Select(a => a.EntityId).ToListAsync();
                Assert.Equal(ids.Select(id => id.ToString()).Order(), audited.Order());
                Assert.Empty(await restored.Database.GetPendingMigrationsAsync());
            }
            SqliteConnection.ClearAllPools();

            // A folder that is not empty is refused, untouched; --force replaces it.
            var refused = await RunAsync("restore", "--input", archive, "--data-dir", restoredDir);
            Assert.Equal(1, refused.Code);
            Assert.Contains("n'est pas vide", refused.Error);
            var forced = await RunAsync("restore", "--input", archive, "--data-dir", restoredDir, "--force");
            Assert.True(forced.Code == 0, forced.Error);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Backup_and_restore_explain_what_is_missing_or_wrong()
    {
        var work = Directory.CreateTempSubdirectory("citydiplomacy-backup-test-").FullName;
        try
        {
            Assert.Equal(2, (await RunAsync("backup")).Code);
            var noInput = await RunAsync("restore", "--data-dir", work);
            Assert.Equal(2, noInput.Code);
            Assert.Contains("--input", noInput.Error);

            var notAnArchive = Path.Combine(work, "texte.zip");
            await File.WriteAllTextAsync(notAnArchive, "pas une archive");
            var wrong = await RunAsync("restore", "--input", notAnArchive, "--data-dir", Path.Combine(work, "cible"));
            Assert.Equal(1, wrong.Code);
            Assert.Contains("n'est pas une sauvegarde CityDiplomacy", wrong.Error);
            Assert.False(Directory.Exists(Path.Combine(work, "cible")));

            var emptyZip = Path.Combine(work, "vide.zip");
            using (ZipFile.Open(emptyZip, ZipArchiveMode.Create)) { }
            Assert.Contains("n'est pas une sauvegarde CityDiplomacy",
                (await RunAsync("restore", "--input", emptyZip, "--data-dir", Path.Combine(work, "cible"))).Error);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task On_postgresql_backup_writes_a_pg_dump_archive()
    {
        await using var database = await TestDatabase.CreateAsync("postgres");
        var work = Directory.CreateTempSubdirectory("citydiplomacy-backup-test-").FullName;
        try
        {
            var output = Path.Combine(work, "base.dump");
            var result = await RunAsync("backup", "--output", output, "--database", "postgres", "--connection-string", database.ConnectionString);
            if (result.Error.Contains("pg_dump est introuvable", StringComparison.Ordinal))
            {
                Assert.Equal(1, result.Code);
                Assert.Contains("docs/deployment.md", result.Error);
                return;
            }
            Assert.True(result.Code == 0, result.Error);
            var magic = new byte[5];
            await using (var file = File.OpenRead(output)) await file.ReadExactlyAsync(magic);
            Assert.Equal("PGDMP"u8.ToArray(), magic);
            var restore = await RunAsync("restore", "--input", output, "--data-dir", Path.Combine(work, "cible"));
            Assert.Equal(2, restore.Code);
            Assert.Contains("pg_restore", restore.Error);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
