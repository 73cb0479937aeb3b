using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using CityDiplomacy.Auditing;
using CityDiplomacy.Data;
using CityDiplomacy.Demo;
using CityDiplomacy.Engagements;
using CityDiplomacy.Screening;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Data;

/// <summary>
/// <see cref="BulkInsert"/> writes the rows <c>SaveChanges</c> writes: a generated register of every kind (partners,
/// deliberations, status histories, sources, budget lines with converted enums, defenders' situations, themes) and
/// the shipped demo are saved through EF in one database, read back and written with <see cref="BulkInsert"/> into
/// another; every column of every row must be equal (JSON columns compared as JSON), on each database.
/// </summary>
public sealed class BulkInsertTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rows_written_in_bulk_are_the_rows_EF_writes_for_every_kind_of_engagement(string provider)
    {
        await using var source = await TestDatabase.SharedAsync(provider);
        await using var target = await TestDatabase.SharedAsync(provider);
        await using (var db = source.Open())
        using (AuditActor.Use(DemoData.Actor))
        {
            await CatalogueSeeder.SeedAsync(db);
            await DemoData.LoadAsync(db);
            await NationalDemo.GenerateAsync(db, new NationalDemoOptions(Twinnings: 60, Others: 60, Seed: 7, Force: true));
        }
        await using (var db = target.Open())
        {
            await CatalogueSeeder.SeedAsync(db);
        }

        List<Engagement> engagements;
        await using (var db = source.Open())
            engagements = await db.Engagements.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Contains(engagements, e => e is CooperationProject { BudgetLines.Count: > 0 });
        Assert.Contains(engagements, e => e is HonoraryCitizenship { Situation.Count: > 0 });
        Assert.Contains(engagements, e => e.Deliberations.Count > 0 && e.Partners.Count > 0 && e.Themes.Count > 0);
        Assert.Equal(7, engagements.Select(e => e.Kind).Distinct().Count());

        await using (var db = target.Open())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using (var bulk = new BulkInsert(db))
                foreach (var engagement in engagements)
                    await bulk.AddAsync(engagement, CancellationToken.None);
            await transaction.CommitAsync();
        }

        foreach (var (table, order, skip) in new[]
                 {
                     ("Engagements", "\"Id\"", "-"),
                     ("EngagementPartners", "\"EngagementId\", \"Name\", \"Kind\"", "Id"),
                     ("Deliberations", "\"EngagementId\", \"Reference\"", "Id"),
                 })
            Assert.True(await AssertSameRowsAsync(source, target, table, order, skip) > 0, table);

        // And EF reads them back as it wrote them.
        await using (var db = target.Open())
        {
            var readBack = await db.Engagements.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(engagements.Select(AuditInterceptor.Snapshot), readBack.Select(AuditInterceptor.Snapshot));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_twinning_created_in_bulk_is_audited_as_SaveChanges_audits_it(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        var now = new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
        Twinning NewTwinning(string commune)
        {
            var twinning = new Twinning(commune, "Jumelage avec Tuchów");
            twinning.ReplacePartners([new EngagementPartner
            {
                Kind = PartnerKind.Place, GeonameId = 757026, Name = "Tuchów", CountryCode = "PL", Admin1Code = "77",
                Latitude = 49.89504, Longitude = 21.05398,
            }]);
            twinning.Start(EngagementStatus.Active, on: null);
            twinning.SetProvenance("annuaire", "v1", "ligne 2");
            return twinning;
        }

        var viaEf = NewTwinning("45284");
        var inBulk = NewTwinning("45284");
        await using (var db = database.Open())
        using (AuditActor.Use("cli", "import"))
        {
            db.Engagements.Add(viaEf);
            await db.SaveChangesAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using (var bulk = new BulkInsert(db))
            {
                var audit = AuditInterceptor.Created(inBulk, now);
                await bulk.AddAsync(inBulk, CancellationToken.None);
                await bulk.AddAsync(audit, CancellationToken.None);
            }
            await transaction.CommitAsync();
        }

        await using (var db = database.Open())
        {
            var audits = await db.Set<AuditEntry>().AsNoTracking().Where(a => a.EntityType == nameof(Engagement)).OrderBy(a => a.Id).ToListAsync();
            Assert.Equal(2, audits.Count);
            var (ef, bulk) = (audits[0], audits[1]);
            Assert.Equal(viaEf.Id.ToString(), ef.EntityId);
            Assert.Equal(inBulk.Id.ToString(), bulk.EntityId);
            foreach (var audit in audits)
            {
                Assert.Equal(("cli", "import", "45284", "created"), (audit.Actor, audit.ActorName, audit.CommuneCode, audit.Action));
                Assert.Null(audit.Before);
            }
            Assert.Equal(now, bulk.At);

            // The snapshots differ only by the id and the write instant.
            var efAfter = JsonNode.Parse(ef.After!)!.AsObject();
            var bulkAfter = JsonNode.Parse(bulk.After!)!.AsObject();
            foreach (var varying in new[] { "id", "createdAt", "updatedAt" })
            {
                efAfter.Remove(varying);
                bulkAfter.Remove(varying);
            }
            Assert.True(JsonNode.DeepEquals(efAfter, bulkAfter), $"EF : {efAfter}\nen bloc : {bulkAfter}");

            var stored = await db.Engagements.AsNoTracking().SingleAsync(e => e.Id == inBulk.Id);
            Assert.Equal((1, now, now), (stored.Version, stored.CreatedAt, stored.UpdatedAt));
            Assert.Equal("Tuchów", stored.Partners.Single().Name);
            Assert.Equal(AuditInterceptor.Snapshot(stored), bulk.After);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_large_screening_run_inserts_in_bulk_the_flags_and_audit_rows_SaveChanges_would_write(string provider)
    {
        await using var viaEf = await TestDatabase.SharedAsync(provider);
        await using var inBulk = await TestDatabase.SharedAsync(provider);
        // 250 twinnings without a deliberation: one « deliberation-missing » flag each, more than BulkFrom.
        string[] communes = ["45284", "60463", "45234", "75056", "69123"];
        var twinnings = Enumerable.Range(0, 250).Select(i =>
        {
            var twinning = new Twinning(communes[i % communes.Length], $"Jumelage {i}");
            twinning.ReplacePartners([new EngagementPartner { Kind = PartnerKind.Place, GeonameId = 757026, Name = "Tuchów", CountryCode = "PL", Admin1Code = "77" }]);
            twinning.Start(EngagementStatus.Active, on: null);
            return twinning;
        }).ToList();
        foreach (var database in new[] { viaEf, inBulk })
        {
            await using var db = database.Open();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await using (var bulk = new BulkInsert(db))
                foreach (var twinning in twinnings)
                    await bulk.AddAsync(twinning, CancellationToken.None);
            await transaction.CommitAsync();
        }

        var clock = new FixedClock(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        await using (var db = viaEf.Open())
        using (AuditActor.Use("cli", "screen"))
        {
            var outcome = await new ScreeningService(db, ScreeningRules.Default, clock) { BulkFrom = 0 }.ScreenAsync(ScreeningScope.All);
            Assert.Equal(250, outcome.New.Count);
        }
        await using (var db = inBulk.Open())
        using (AuditActor.Use("cli", "screen"))
        {
            var service = new ScreeningService(db, ScreeningRules.Default, clock);
            Assert.True(service.BulkFrom is > 0 and < 250);
            Assert.Equal(250, (await service.ScreenAsync(ScreeningScope.All)).New.Count);
        }

        Assert.Equal(250, await AssertSameRowsAsync(viaEf, inBulk, "ScreeningFlags", "\"EngagementId\", \"RuleId\", \"SubjectKey\"", "Id"));

        async Task<List<(string Actor, string? Name, string? Commune, string After)>> FlagAuditsAsync(TestDatabase database)
        {
            await using var db = database.Open();
            var audits = await db.Set<AuditEntry>().AsNoTracking().Where(a => a.EntityType == "ScreeningFlag").ToListAsync();
            return audits.Select(a =>
                {
                    Assert.Equal(("created", null), (a.Action, a.Before));
                    var after = JsonNode.Parse(a.After!)!.AsObject();
                    Assert.Equal(a.EntityId, (string?)after["id"]);
                    after.Remove("id");
                    return (a.Actor, a.ActorName, a.CommuneCode, after.ToJsonString());
                })
                .OrderBy(a => a.Item4, StringComparer.Ordinal).ToList();
        }
        Assert.Equal(await FlagAuditsAsync(viaEf), await FlagAuditsAsync(inBulk));

        // Read back, the flags written in bulk are the stored flags of the next run: nothing new, changed or resolved.
        await using (var db = inBulk.Open())
        {
            var again = await new ScreeningService(db, ScreeningRules.Default, clock).ScreenAsync(ScreeningScope.All);
            Assert.Equal((0, 0, 0), (again.New.Count, again.Changed.Count, again.Resolved.Count));
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task Outside_a_transaction_nothing_is_written()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        await using var db = database.Open();
        var bulk = new BulkInsert(db);
        var twinning = new Twinning("45284", "Jumelage");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => bulk.AddAsync(twinning, CancellationToken.None));
        Assert.Contains("transaction", error.Message);
        await bulk.DisposeAsync();
        Assert.Equal(0, await db.Engagements.CountAsync());
    }

    /// <summary>The same rows, column by column, in both databases (<paramref name="skip"/>: a generated key); how many.</summary>
    private static async Task<int> AssertSameRowsAsync(TestDatabase viaEf, TestDatabase inBulk, string table, string order, string skip)
    {
        var expected = await RowsAsync(viaEf, table, order, skip);
        var actual = await RowsAsync(inBulk, table, order, skip);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            foreach (var (column, value) in expected[i])
                Assert.True(SameValue(value, actual[i][column]),
                    $"{table}, ligne {i + 1}, colonne {column} : EF « {value} », en bloc « {actual[i][column]} »");
        return expected.Count;
    }

    private static async Task<List<Dictionary<string, object?>>> RowsAsync(TestDatabase database, string table, string order, string skip)
    {
        await using var db = database.Open();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY {order}";
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
                if (reader.GetName(i) != skip)
                    row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Equal values; text that is JSON (an owned collection) compared as JSON, whatever its escaping.</summary>
    private static bool SameValue(object? expected, object? actual)
    {
        if (expected is null || actual is null) return expected is null && actual is null;
        if (expected is string a && actual is string b && a != b && a.Length > 0 && a[0] is '[' or '{')
            return JsonNode.DeepEquals(JsonNode.Parse(a), JsonNode.Parse(b));
        return string.Equals(Convert.ToString(expected, CultureInfo.InvariantCulture), Convert.ToString(actual, CultureInfo.InvariantCulture),
            StringComparison.Ordinal);
    }
}
