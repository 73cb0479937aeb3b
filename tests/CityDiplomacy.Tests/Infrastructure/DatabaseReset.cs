using System.Data.Common;
using System.Text;
using CityDiplomacy.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CityDiplomacy.Tests.Infrastructure;

/// <summary>
/// Puts a database back as it was when <see cref="CaptureAsync"/> ran (a host just started on it): every table except the
/// reference data is emptied and refilled from a copy taken then, and the sequences are set back. The reference tables
/// (200k places…) are never copied: instead their row counts are compared, and a database whose reference data changed
/// is not reset (<see cref="ResetAsync"/> returns false: its host is thrown away instead of reused).
/// The copy lives beside the data: a file attached on SQLite, a schema of the same database on PostgreSQL.
/// </summary>
internal sealed class DatabaseReset
{
    /// <summary>The tables the reference loader and the migrations fill; everything else is reset.</summary>
    internal static readonly string[] ReferenceTables =
        ["__EFMigrationsHistory", "Admin1Regions", "Communes", "Countries", "Departments", "Epcis", "Places", "Regions", "ReferenceDatasets"];

    private const string Schema = "test_reset";

    private readonly TestDatabase _database;
    private readonly string? _snapshotFile;
    private List<(string Table, string Columns, bool HasRows)> _tables = [];
    private List<(string Sequence, long? Value)> _sequences = [];
    private string _referenceCounts = "";

    private DatabaseReset(TestDatabase database, string? snapshotFile)
    {
        _database = database;
        _snapshotFile = snapshotFile;
    }

    /// <summary>Copies every table but the reference data, and counts the reference rows.</summary>
    public static async Task<DatabaseReset> CaptureAsync(TestDatabase database)
    {
        var reset = new DatabaseReset(database, database.Folder is { } folder ? Path.Combine(folder, "reset-snapshot.db") : null);
        await using var connection = await reset.OpenAsync();
        reset._tables = await reset.TablesAsync(connection);
        reset._referenceCounts = await reset.ReferenceCountsAsync(connection);
        var sql = new StringBuilder();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            foreach (var (table, columns, _) in reset._tables)
                sql.Append($"CREATE TABLE {reset.Copy(table)} AS SELECT {columns} FROM main.\"{table}\";\n");
            await ExecuteAsync(connection, sql.ToString());
        }
        else
        {
            sql.Append($"DROP SCHEMA IF EXISTS {Schema} CASCADE; CREATE SCHEMA {Schema};\n");
            foreach (var (table, columns, _) in reset._tables)
                sql.Append($"CREATE TABLE {Schema}.\"{table}\" AS SELECT {columns} FROM public.\"{table}\";\n");
            await ExecuteAsync(connection, sql.ToString());
            reset._sequences = await SequencesAsync(connection);
        }
        var withRows = new List<(string, string, bool)>();
        foreach (var (table, columns, _) in reset._tables)
            withRows.Add((table, columns, await ScalarAsync(connection, $"SELECT COUNT(*) FROM {reset.Copy(table)}") > 0));
        reset._tables = withRows;
        return reset;
    }

    /// <summary>
    /// Puts the captured rows back, in one transaction, with the foreign keys unchecked meanwhile; false (and nothing
    /// changed) when the reference data no longer has the rows it had.
    /// </summary>
    public async Task<bool> ResetAsync()
    {
        await using var connection = await OpenAsync();
        if (await ReferenceCountsAsync(connection) != _referenceCounts) return false;
        var sql = new StringBuilder();
        if (_database.Provider == DatabaseProvider.Postgres) sql.Append("SET LOCAL session_replication_role = replica;\n");
        // On PostgreSQL, TRUNCATE rather than DELETE: the tables start again empty, rows then lie in the order they are
        // written, as in a new database (a query without ORDER BY reads them so).
        if (_database.Provider == DatabaseProvider.Postgres)
            sql.Append($"TRUNCATE {string.Join(", ", _tables.Select(t => Live(t.Table)))};\n");
        else
            foreach (var (table, _, _) in _tables) sql.Append($"DELETE FROM {Live(table)};\n");
        foreach (var (table, columns, hasRows) in _tables.Where(t => t.HasRows))
            sql.Append($"INSERT INTO {Live(table)} ({columns}) {(_database.Provider == DatabaseProvider.Postgres ? "OVERRIDING SYSTEM VALUE " : "")}SELECT {columns} FROM {Copy(table)};\n");
        foreach (var (sequence, value) in _sequences)
            sql.Append(value is { } last
                ? $"SELECT setval('public.\"{sequence}\"', {last}, true);\n"
                : $"SELECT setval('public.\"{sequence}\"', 1, false);\n");
        await using var transaction = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, sql.ToString(), transaction);
        await transaction.CommitAsync();
        return true;
    }

    private string Live(string table) => _database.Provider == DatabaseProvider.Sqlite ? $"main.\"{table}\"" : $"public.\"{table}\"";

    // sqlite_sequence is a reserved name: its copy takes another.
    private string Copy(string table) => _database.Provider == DatabaseProvider.Sqlite
        ? $"snap.\"{(table == "sqlite_sequence" ? "reset_sqlite_sequence" : table)}\""
        : $"{Schema}.\"{table}\"";

    /// <summary>A connection of its own: not pooled; on SQLite, foreign keys off and the copy attached as « snap ».</summary>
    private async Task<DbConnection> OpenAsync()
    {
        if (_database.Provider == DatabaseProvider.Postgres)
        {
            var postgres = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false }.ToString());
            await postgres.OpenAsync();
            return postgres;
        }
        var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder(_database.ConnectionString)
        {
            Pooling = false,
            ForeignKeys = false,
        }.ToString());
        await sqlite.OpenAsync();
        await using var attach = sqlite.CreateCommand();
        attach.CommandText = "ATTACH DATABASE $file AS snap;";
        attach.Parameters.AddWithValue("$file", _snapshotFile);
        await attach.ExecuteNonQueryAsync();
        return sqlite;
    }

    /// <summary>The tables to reset, each with its stored (not generated) columns.</summary>
    private async Task<List<(string, string, bool)>> TablesAsync(DbConnection connection)
    {
        var columns = new List<(string Table, string Column)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = _database.Provider == DatabaseProvider.Sqlite
                ? """
                  SELECT m.name, c.name FROM main.sqlite_master m, pragma_table_xinfo(m.name) c
                  WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND c.hidden = 0 ORDER BY m.name, c.cid
                  """
                : """
                  SELECT table_name, column_name FROM information_schema.columns
                  WHERE table_schema = 'public' AND is_generated = 'NEVER'
                    AND table_name IN (SELECT tablename FROM pg_tables WHERE schemaname = 'public')
                  ORDER BY table_name, ordinal_position
                  """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) columns.Add((reader.GetString(0), reader.GetString(1)));
        }
        var tables = columns.Where(c => !ReferenceTables.Contains(c.Table, StringComparer.Ordinal))
            .GroupBy(c => c.Table, StringComparer.Ordinal)
            .Select(g => (g.Key, string.Join(", ", g.Select(c => $"\"{c.Column}\"")), false))
            .ToList();
        // SQLite keeps the counters of AUTOINCREMENT keys in a table of its own.
        if (_database.Provider == DatabaseProvider.Sqlite
            && await ScalarAsync(connection, "SELECT COUNT(*) FROM main.sqlite_master WHERE name = 'sqlite_sequence'") > 0)
            tables.Add(("sqlite_sequence", "\"name\", \"seq\"", false));
        return tables;
    }

    private static async Task<List<(string, long?)>> SequencesAsync(DbConnection connection)
    {
        var sequences = new List<(string, long?)>();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) sequences.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1)));
        return sequences;
    }

    private async Task<string> ReferenceCountsAsync(DbConnection connection)
    {
        var counts = new List<string>();
        foreach (var table in ReferenceTables)
            counts.Add($"{table}={await ScalarAsync(connection, $"SELECT COUNT(*) FROM {Live(table)}")}");
        return string.Join(" ", counts);
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync();
    }
}
