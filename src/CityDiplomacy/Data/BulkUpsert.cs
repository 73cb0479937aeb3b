using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CityDiplomacy.Data;

/// <summary>
/// Inserts or updates many rows of one table inside the caller's transaction, fast on both providers:
/// a prepared statement on SQLite, binary COPY into a temporary table then one merge on PostgreSQL.
/// The entity must have a <c>DatasetVersion</c> column, which stamps each row with the version it came from.
/// </summary>
internal sealed class BulkUpsert
{
    private const int ProgressEvery = 10_000;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly bool _postgres;
    private readonly string _table;
    private readonly IReadOnlyList<IProperty> _properties;
    private readonly IReadOnlyList<string> _columns;
    private readonly IReadOnlyList<string> _keyColumns;
    private readonly ISqlGenerationHelper _sql;

    public BulkUpsert(AppDb db, Type entityType, DbConnection connection, DbTransaction transaction,
        IReadOnlyList<string>? propertyNames = null)
    {
        var entity = db.Model.FindEntityType(entityType)
            ?? throw new InvalidOperationException($"{entityType.Name} is not mapped.");
        _connection = connection;
        _transaction = transaction;
        _postgres = db.Database.IsNpgsql();
        _sql = db.GetService<ISqlGenerationHelper>();
        var tableName = entity.GetTableName()!;
        var storeObject = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        _table = _sql.DelimitIdentifier(tableName, entity.GetSchema());
        _properties = (propertyNames ?? entity.GetProperties().Select(p => p.Name).ToList())
            .Select(name => entity.FindProperty(name) ?? throw new InvalidOperationException($"{entityType.Name}.{name} is not mapped."))
            .ToList();
        _columns = _properties.Select(p => _sql.DelimitIdentifier(p.GetColumnName(storeObject)!)).ToList();
        _keyColumns = entity.FindPrimaryKey()!.Properties.Select(p => _sql.DelimitIdentifier(p.GetColumnName(storeObject)!)).ToList();
        VersionColumn = _sql.DelimitIdentifier(entity.FindProperty("DatasetVersion")!.GetColumnName(storeObject)!);
    }

    private string VersionColumn { get; }

    public Task<long> WriteAsync(IAsyncEnumerable<object?[]> rows, Action<long>? progress, CancellationToken cancellationToken) =>
        _postgres ? CopyAndMergeAsync(rows, progress, cancellationToken) : InsertEachAsync(rows, progress, cancellationToken);

    /// <summary>Removes the rows that the version just written no longer has.</summary>
    public async Task<long> DeleteOtherVersionsAsync(string version, CancellationToken cancellationToken)
    {
        await using var command = Command($"DELETE FROM {_table} WHERE {VersionColumn} <> @version");
        var parameter = command.CreateParameter();
        parameter.ParameterName = "version";
        parameter.Value = version;
        command.Parameters.Add(parameter);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private string UpsertClause()
    {
        var updates = _columns.Except(_keyColumns).Select(c => $"{c} = excluded.{c}");
        return $"ON CONFLICT ({string.Join(", ", _keyColumns)}) DO UPDATE SET {string.Join(", ", updates)}";
    }

    private async Task<long> InsertEachAsync(IAsyncEnumerable<object?[]> rows, Action<long>? progress, CancellationToken cancellationToken)
    {
        var parameterNames = _columns.Select((_, i) => "@p" + i).ToList();
        await using var command = Command(
            $"INSERT INTO {_table} ({string.Join(", ", _columns)}) VALUES ({string.Join(", ", parameterNames)}) {UpsertClause()}");
        var parameters = parameterNames.Select(name =>
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
            return p;
        }).ToArray();
        command.Prepare();
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            for (var i = 0; i < parameters.Length; i++) parameters[i].Value = row[i] ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
            if (++count % ProgressEvery == 0) progress?.Invoke(count);
        }
        return count;
    }

    private async Task<long> CopyAndMergeAsync(IAsyncEnumerable<object?[]> rows, Action<long>? progress, CancellationToken cancellationToken)
    {
        var staging = _sql.DelimitIdentifier("staging_" + _table.Trim('"').ToLowerInvariant());
        await using (var create = Command($"CREATE TEMP TABLE {staging} (LIKE {_table} INCLUDING DEFAULTS) ON COMMIT DROP"))
            await create.ExecuteNonQueryAsync(cancellationToken);

        var columnList = string.Join(", ", _columns);
        long count = 0;
        var npgsql = (NpgsqlConnection)_connection;
        await using (var importer = await npgsql.BeginBinaryImportAsync($"COPY {staging} ({columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var value in row)
                {
                    switch (value)
                    {
                        case null: await importer.WriteNullAsync(cancellationToken); break;
                        case string s: await importer.WriteAsync(s, NpgsqlDbType.Text, cancellationToken); break;
                        case int i: await importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken); break;
                        case long l: await importer.WriteAsync(l, NpgsqlDbType.Bigint, cancellationToken); break;
                        case double d: await importer.WriteAsync(d, NpgsqlDbType.Double, cancellationToken); break;
                        default: throw new InvalidOperationException($"Unsupported bulk value type {value.GetType()}.");
                    }
                }
                if (++count % ProgressEvery == 0) progress?.Invoke(count);
            }
            await importer.CompleteAsync(cancellationToken);
        }

        await using var merge = Command(
            $"INSERT INTO {_table} ({columnList}) SELECT {columnList} FROM {staging} {UpsertClause()}");
        merge.CommandTimeout = 600;
        await merge.ExecuteNonQueryAsync(cancellationToken);
        return count;
    }

    private DbCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }
}
