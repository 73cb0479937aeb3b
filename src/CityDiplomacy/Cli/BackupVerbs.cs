using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using CityDiplomacy.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CityDiplomacy.Cli;

/// <summary>
/// « backup » and « restore ». On SQLite a backup is one zip file: a consistent copy of the database taken by SQLite's
/// online backup API (the server may keep writing; copying the .db file instead loses what still sits in its WAL), the
/// data-protection keys (sessions, antiforgery, import previews) and a description. On PostgreSQL « backup » runs
/// « pg_dump -Fc »; the keys are then in the database. docs/deployment.md gives the whole recipe.
/// </summary>
internal static class BackupVerbs
{
    public const string DescriptionEntry = "citydiplomacy-backup.json";
    public const string DatabaseEntry = DatabaseOptions.SqliteFileName;
    public const string KeysFolder = SharedKeys.FolderName;

    /// <summary>Where a key ring may be configured, besides « DATA-DIR/keys ».</summary>

    private sealed record Description(int Format, string Provider, DateTime CreatedAt, string? LastMigration, int KeyFiles);

    public static IEnumerable<CliVerb> All(IReadOnlyList<CliOption> common) =>
    [
        new("backup", "Sauvegarde la base (SQLite : copie cohérente pendant que le serveur écrit, avec les clés de protection des données ; PostgreSQL : pg_dump -Fc).",
            [new("--output", "FICHIER", "Fichier de sauvegarde à écrire (SQLite : une archive zip ; PostgreSQL : le format personnalisé de pg_dump)."),
             new("--force", null, "Remplace le fichier de sortie s'il existe."),
             .. common],
            BackupAsync),
        new("restore", "Restaure une sauvegarde SQLite dans un dossier de données (refusé si le dossier n'est pas vide, sauf --force).",
            [new("--input", "FICHIER", "Archive écrite par « backup »."),
             new("--data-dir", "DIR", "Dossier de données à remplir (le serveur doit être arrêté)."),
             new("--force", null, "Remplace la base et les clés d'un dossier qui n'est pas vide.")],
            RestoreAsync),
    ];

    public static async Task<int> BackupAsync(CliInvocation invocation)
    {
        if (invocation.Value("--output") is not { } output) return Usage(invocation, "backup : --output FICHIER est obligatoire");
        output = Path.GetFullPath(output);
        if (File.Exists(output) && !invocation.Flag("--force"))
            return Usage(invocation, $"backup : {output} existe déjà (--force pour le remplacer)");
        var options = Verbs.DatabaseOptions(invocation);
        return options.Provider == DatabaseProvider.Postgres
            ? await PgDumpAsync(invocation, options, output)
            : await SqliteBackupAsync(invocation, options, output);
    }

    private static async Task<int> SqliteBackupAsync(CliInvocation invocation, DatabaseOptions options, string output)
    {
        var source = new SqliteConnectionStringBuilder(options.ResolveConnectionString());
        if (!File.Exists(source.DataSource))
            throw new InvalidOperationException($"aucune base SQLite à {source.DataSource} (--data-dir ?)");
        var work = Directory.CreateTempSubdirectory("citydiplomacy-backup-").FullName;
        try
        {
            var copy = Path.Combine(work, DatabaseEntry);
            string? lastMigration;
            await using (var from = new SqliteConnection(new SqliteConnectionStringBuilder(source.ToString()) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
            await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString()))
            {
                await from.OpenAsync();
                await to.OpenAsync();
                // One step over every page inside one read transaction: a snapshot, whatever the server commits meanwhile.
                from.BackupDatabase(to);
                await using var check = to.CreateCommand();
                check.CommandText = "PRAGMA integrity_check";
                if (await check.ExecuteScalarAsync() as string != "ok")
                    throw new InvalidDataException("la copie de la base ne passe pas « PRAGMA integrity_check » : sauvegarde abandonnée");
                lastMigration = await LastMigrationAsync(to);
            }

            var keys = KeyDirectories(options).ToList();
            var partial = output + ".partial";
            var keyFiles = 0;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                zip.CreateEntryFromFile(copy, DatabaseEntry, CompressionLevel.Optimal);
                foreach (var directory in keys)
                {
                    foreach (var key in Directory.EnumerateFiles(directory, "*.xml"))
                    {
                        zip.CreateEntryFromFile(key, $"{KeysFolder}/{Path.GetFileName(key)}", CompressionLevel.Optimal);
                        keyFiles++;
                    }
                }
                var entry = zip.CreateEntry(DescriptionEntry);
                await using var stream = entry.Open();
                await JsonSerializer.SerializeAsync(stream, new Description(1, "sqlite", DateTime.UtcNow, lastMigration, keyFiles));
            }
            File.Move(partial, output, overwrite: true);
            invocation.Output.WriteLine($"Sauvegarde écrite : {output} ({new FileInfo(output).Length / 1024} Kio ; base SQLite, " +
                (keyFiles == 0 ? "aucune clé de protection des données trouvée" : $"{keyFiles} clé(s) de protection des données de {string.Join(", ", keys)}") + ").");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>« DATA-DIR/keys », where the server keeps its keys on SQLite (<see cref="SharedKeys"/>), when it exists.</summary>
    internal static IEnumerable<string> KeyDirectories(DatabaseOptions options)
    {
        var folder = Path.GetFullPath(Path.Combine(options.DataDir, KeysFolder));
        return Directory.Exists(folder) ? [folder] : [];
    }

    private static async Task<string?> LastMigrationAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(\"MigrationId\") FROM \"__EFMigrationsHistory\"";
        try
        {
            return await command.ExecuteScalarAsync() as string;
        }
        catch (SqliteException)
        {
            return null; // a database never migrated
        }
    }

    private static async Task<int> PgDumpAsync(CliInvocation invocation, DatabaseOptions options, string output)
    {
        var connection = new NpgsqlConnectionStringBuilder(options.ResolveConnectionString());
        var start = new ProcessStartInfo("pg_dump")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--format=custom", "--no-owner", "--file=" + output + ".partial", "--dbname=" + connection.Database })
            start.ArgumentList.Add(argument);
        if (connection.Host is { } host) start.Environment["PGHOST"] = host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (connection.Username is { } user) start.Environment["PGUSER"] = user;
        // Through the environment, not the command line: « ps » shows arguments to every user of the machine.
        if (connection.Password is { } password) start.Environment["PGPASSWORD"] = password;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("pg_dump n'a pas démarré");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            await invocation.Error.WriteLineAsync(
                "CityDiplomacy backup : pg_dump est introuvable dans le PATH. Installez le client PostgreSQL de la version du serveur " +
                "(Debian : apt-get install postgresql-client), ou sauvegardez vous-même : " +
                $"pg_dump --format=custom --no-owner --file={output} {connection.Database} (voir docs/deployment.md, « Sauvegardes »).");
            return 1;
        }
        using (process)
        {
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                File.Delete(output + ".partial");
                throw new InvalidOperationException($"pg_dump a échoué (code {process.ExitCode}) : {errors.Trim()}");
            }
        }
        File.Move(output + ".partial", output, overwrite: true);
        invocation.Output.WriteLine($"Sauvegarde écrite : {output} ({new FileInfo(output).Length / 1024} Kio ; pg_dump, format personnalisé ; " +
                                    "restauration : pg_restore, voir docs/deployment.md).");
        return 0;
    }

    public static async Task<int> RestoreAsync(CliInvocation invocation)
    {
        if (invocation.Value("--input") is not { } input) return Usage(invocation, "restore : --input FICHIER est obligatoire");
        if (invocation.Value("--data-dir") is not { } dataDir) return Usage(invocation, "restore : --data-dir DIR est obligatoire");
        if (!File.Exists(input)) return Usage(invocation, $"restore : {input} n'existe pas");
        dataDir = Path.GetFullPath(dataDir);
        if (IsPgDump(input))
            return Usage(invocation, $"restore : {input} est une sauvegarde PostgreSQL (pg_dump) ; restaurez-la avec pg_restore (voir docs/deployment.md)");

        using var zip = OpenArchive(input);
        if (zip.GetEntry(DatabaseEntry) is not { } database || zip.GetEntry(DescriptionEntry) is null)
            throw new InvalidDataException($"{input} n'est pas une sauvegarde CityDiplomacy (il y manque {DatabaseEntry} ou {DescriptionEntry})");
        if (Directory.Exists(dataDir) && Directory.EnumerateFileSystemEntries(dataDir).Any() && !invocation.Flag("--force"))
        {
            await invocation.Error.WriteLineAsync($"CityDiplomacy restore : {dataDir} n'est pas vide ; rien n'a été modifié. " +
                                                  "Arrêtez le serveur et relancez avec --force pour remplacer sa base et ses clés.");
            return 1;
        }

        Directory.CreateDirectory(dataDir);
        // Written beside, checked, then moved into place: a failure leaves the folder as it was.
        var staged = Path.Combine(dataDir, DatabaseEntry + ".restoring");
        database.ExtractToFile(staged, overwrite: true);
        await using (var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = staged, Pooling = false }.ToString()))
        {
            await check.OpenAsync();
            await using var command = check.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            if (await command.ExecuteScalarAsync() as string != "ok")
            {
                File.Delete(staged);
                throw new InvalidDataException($"la base contenue dans {input} est endommagée (PRAGMA integrity_check) ; rien n'a été modifié");
            }
        }
        var target = Path.Combine(dataDir, DatabaseEntry);
        foreach (var stale in new[] { target + "-wal", target + "-shm", target + "-journal" }) File.Delete(stale);
        File.Move(staged, target, overwrite: true);

        var keys = zip.Entries.Where(e => e.FullName.StartsWith(KeysFolder + "/", StringComparison.Ordinal) && e.Name.Length > 0).ToList();
        if (keys.Count > 0)
        {
            var keyDir = Path.Combine(dataDir, KeysFolder);
            Directory.CreateDirectory(keyDir);
            foreach (var key in keys) key.ExtractToFile(Path.Combine(keyDir, Path.GetFileName(key.Name)), overwrite: true);
        }
        invocation.Output.WriteLine($"Sauvegarde restaurée dans {dataDir} : base SQLite" +
                                    (keys.Count == 0 ? " (l'archive ne contenait aucune clé : les sessions ouvertes devront se reconnecter)." : $" et {keys.Count} clé(s) dans {KeysFolder}/."));
        return 0;
    }

    private static ZipArchive OpenArchive(string input)
    {
        try
        {
            return ZipFile.OpenRead(input);
        }
        catch (InvalidDataException)
        {
            throw new InvalidDataException($"{input} n'est pas une sauvegarde CityDiplomacy (ce n'est pas une archive zip)");
        }
    }

    private static bool IsPgDump(string path)
    {
        Span<byte> magic = stackalloc byte[5];
        using var file = File.OpenRead(path);
        return file.Read(magic) == 5 && magic.SequenceEqual("PGDMP"u8);
    }

    private static int Usage(CliInvocation invocation, string message)
    {
        invocation.Error.WriteLine("CityDiplomacy " + message);
        return 2;
    }
}
