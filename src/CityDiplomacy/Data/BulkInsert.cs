using System.Collections;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CityDiplomacy.Data;

/// <summary>
/// Inserts new aggregates straight into their tables, inside the caller's transaction, without the change tracker:
/// for writes of thousands of new rows (a national directory import), where tracking, change detection and command
/// batching cost far more than the insert itself. Everything the columns hold comes from the EF model, so a row
/// written here is the row <c>SaveChanges</c> would write: each property through its type mapping (value converters,
/// provider types), the owned collections mapped to JSON through their JSON readers/writers, the rows of the
/// aggregate's collections (partners, deliberations) with their foreign key, store-generated keys left to the database.
/// It neither audits nor stamps: its callers (<see cref="Imports.TwinningDirectoryImport"/>, the screening service) add
/// the audit rows built by <c>AuditInterceptor.Created</c>, the code the interceptor itself uses for a creation. A test
/// compares its rows with EF's on both providers.
/// </summary>
internal sealed class BulkInsert(AppDb db) : IAsyncDisposable
{
    private readonly Dictionary<IEntityType, TableInsert> _tables = [];
    private readonly bool _postgres = db.Database.IsNpgsql();
    private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

    /// <summary>Inserts one new entity and the entities of its (non-owned) collections.</summary>
    public async Task AddAsync(object entity, CancellationToken cancellationToken)
    {
        var type = db.Model.FindEntityType(entity.GetType())
            ?? throw new InvalidOperationException($"{entity.GetType().Name} is not mapped.");
        await Table(type).InsertAsync(entity, null, cancellationToken);
        foreach (var navigation in type.GetNavigations())
        {
            if (!navigation.IsCollection || navigation.TargetEntityType.IsOwned()) continue;
            if (navigation.GetGetter().GetClrValue(entity) is not IEnumerable items) continue;
            var foreignKey = navigation.ForeignKey;
            var principalValues = foreignKey.PrincipalKey.Properties.Select(p => p.GetGetter().GetClrValue(entity)).ToArray();
            foreach (var item in items)
                await Table(navigation.TargetEntityType).InsertAsync(item, (foreignKey, principalValues), cancellationToken);
        }
    }

    private TableInsert Table(IEntityType type)
    {
        if (!_tables.TryGetValue(type, out var table))
            _tables[type] = table = new TableInsert(db, type, _postgres, _sql);
        return table;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var table in _tables.Values) await table.DisposeAsync();
    }

    /// <summary>One prepared INSERT for one entity type, reused for every row.</summary>
    private sealed class TableInsert : IAsyncDisposable
    {
        private readonly DbCommand _command;
        private readonly IReadOnlyList<IProperty> _properties;
        private readonly IReadOnlyList<INavigation> _jsonNavigations;
        private bool _prepared;

        public TableInsert(AppDb db, IEntityType type, bool postgres, ISqlGenerationHelper sql)
        {
            var tableName = type.GetTableName() ?? throw new InvalidOperationException($"{type.DisplayName()} has no table.");
            var store = StoreObjectIdentifier.Table(tableName, type.GetSchema());
            // Keys the database generates (identity columns) are left to it; every other mapped property is written.
            _properties = type.GetProperties()
                .Where(p => !(p.ValueGenerated == ValueGenerated.OnAdd && p.IsPrimaryKey() && p.ClrType != typeof(Guid)))
                .ToList();
            _jsonNavigations = type.GetNavigations().Where(n => n.TargetEntityType.IsMappedToJson()).ToList();
            // What this writer does not know how to write is refused here rather than silently left out.
            foreach (var navigation in type.GetNavigations())
            {
                var supported = navigation.TargetEntityType.IsMappedToJson()
                    || (!navigation.TargetEntityType.IsOwned() && (navigation.IsOnDependent || navigation.IsCollection));
                if (!supported)
                    throw new NotSupportedException($"BulkInsert: {type.DisplayName()}.{navigation.Name} (owned in its table, or a one-to-one dependent) is not supported.");
            }
            if (_properties.FirstOrDefault(p => p.IsShadowProperty() && !p.IsForeignKey()) is { } shadow)
                throw new NotSupportedException($"BulkInsert: {type.DisplayName()}.{shadow.Name} is a shadow property.");

            _command = db.Database.GetDbConnection().CreateCommand();
            _command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                ?? throw new InvalidOperationException("BulkInsert writes inside the caller's transaction.");
            var columns = new List<string>();
            var values = new List<string>();
            var index = 0;
            foreach (var property in _properties)
            {
                columns.Add(sql.DelimitIdentifier(property.GetColumnName(store)!));
                var name = $"p{index++}";
                values.Add("@" + name);
                var parameter = property.GetRelationalTypeMapping().CreateParameter(_command, name, null, property.IsNullable);
                _command.Parameters.Add(parameter);
            }
            foreach (var navigation in _jsonNavigations)
            {
                var target = navigation.TargetEntityType;
                columns.Add(sql.DelimitIdentifier(target.GetContainerColumnName()!));
                var name = $"p{index++}";
                // PostgreSQL's jsonb column does not take a text parameter without a cast.
                values.Add(postgres ? $"CAST(@{name} AS {target.GetContainerColumnType() ?? "jsonb"})" : "@" + name);
                var parameter = _command.CreateParameter();
                parameter.ParameterName = name;
                parameter.DbType = System.Data.DbType.String;
                _command.Parameters.Add(parameter);
            }
            _command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(tableName, type.GetSchema())} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", values)})";
        }

        public async Task InsertAsync(object entity, (IForeignKey Key, object?[] PrincipalValues)? owner, CancellationToken cancellationToken)
        {
            var index = 0;
            foreach (var property in _properties)
            {
                var value = ForeignKeyValue(property, owner) ?? property.GetGetter().GetClrValue(entity);
                var mapping = property.GetRelationalTypeMapping();
                var providerValue = value is null ? null : mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
                _command.Parameters[index++].Value = providerValue ?? DBNull.Value;
            }
            foreach (var navigation in _jsonNavigations)
                _command.Parameters[index++].Value = (object?)Json(navigation, navigation.GetGetter().GetClrValue(entity)) ?? DBNull.Value;
            if (!_prepared)
            {
                await _command.PrepareAsync(cancellationToken);
                _prepared = true;
            }
            await _command.ExecuteNonQueryAsync(cancellationToken);
        }

        private static object? ForeignKeyValue(IProperty property, (IForeignKey Key, object?[] PrincipalValues)? owner)
        {
            if (owner is not { } known) return null;
            var (key, principalValues) = known;
            for (var i = 0; i < key.Properties.Count; i++)
                if (key.Properties[i] == property) return principalValues[i];
            return null;
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();
    }

    /// <summary>An owned value or collection mapped to JSON, written as EF writes it: key properties left out.</summary>
    private static string? Json(INavigation navigation, object? value)
    {
        if (value is null) return null;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            WriteOwned(writer, navigation, value);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The value of an owned navigation: null, one object, or an array of them.</summary>
    private static void WriteOwned(Utf8JsonWriter writer, INavigation navigation, object? value)
    {
        if (value is null) writer.WriteNullValue();
        else if (navigation.IsCollection)
        {
            writer.WriteStartArray();
            foreach (var item in (IEnumerable)value) WriteObject(writer, navigation.TargetEntityType, item);
            writer.WriteEndArray();
        }
        else WriteObject(writer, navigation.TargetEntityType, value);
    }

    private static void WriteObject(Utf8JsonWriter writer, IEntityType type, object item)
    {
        writer.WriteStartObject();
        foreach (var property in type.GetProperties())
        {
            if (property.IsKey()) continue;
            writer.WritePropertyName(property.GetJsonPropertyName()!);
            var value = property.GetGetter().GetClrValue(item);
            if (value is null)
            {
                writer.WriteNullValue();
                continue;
            }
            var mapping = property.GetTypeMapping();
            var readerWriter = property.GetJsonValueReaderWriter() ?? mapping.JsonValueReaderWriter
                ?? throw new InvalidOperationException($"{type.DisplayName()}.{property.Name} has no JSON writer.");
            readerWriter.ToJson(writer, mapping.Converter is { } converter && readerWriter.ValueType != property.ClrType
                ? converter.ConvertToProvider(value)!
                : value);
        }
        foreach (var navigation in type.GetNavigations())
        {
            writer.WritePropertyName(navigation.TargetEntityType.GetJsonPropertyName()!);
            WriteOwned(writer, navigation, navigation.GetGetter().GetClrValue(item));
        }
        writer.WriteEndObject();
    }
}
