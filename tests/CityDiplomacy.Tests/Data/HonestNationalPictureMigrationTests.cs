using CityDiplomacy.Data;
using CityDiplomacy.Engagements;
using CityDiplomacy.Screening;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CityDiplomacy.Tests.Data;

/// <summary>The migration that gives every engagement its provenance moves the rows a directory reported to « signalé ».</summary>
public sealed class HonestNationalPictureMigrationTests
{
    private const string Untouched = "0199A000-0000-7000-8000-000000000001";
    private const string ActedOn = "0199A000-0000-7000-8000-000000000002";
    private const string TownHall = "0199A000-0000-7000-8000-000000000003";
    private const string Wikidata = "0199A000-0000-7000-8000-000000000004";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Existing_directory_rows_become_reported_directory_records_and_the_others_the_communes(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, withReference: false);
        await using (var db = database.Open())
        {
            await db.GetService<IMigrator>().MigrateAsync("TwinningImports");
            await InsertAsync(db, Untouched, "Wikipédia, villes jumelles (CC BY-SA 4.0) : twin.csv", "Active",
                """[{"On":null,"Status":1,"Reason":null,"DeliberationReference":null}]""");
            await InsertAsync(db, ActedOn, "Wikipédia, villes jumelles (CC BY-SA 4.0) : twin.csv", "Suspended",
                """[{"On":null,"Status":1,"Reason":null,"DeliberationReference":null},{"On":"2024-05-01","Status":3,"Reason":"Guerre","DeliberationReference":null}]""");
            await InsertAsync(db, TownHall, "Registre de la mairie : jumelages.csv", "Active",
                """[{"On":"1990-01-01","Status":1,"Reason":null,"DeliberationReference":null}]""");
            await InsertAsync(db, Wikidata, "Wikidata P190 (CC0 1.0) : query.tsv", "Active",
                """[{"On":null,"Status":1,"Reason":null,"DeliberationReference":null}]""");
            await FlagAsync(db, "0199A000-0000-7000-8000-0000000000F1", Untouched);
            await FlagAsync(db, "0199A000-0000-7000-8000-0000000000F3", TownHall);
        }

        await using (var db = database.Open())
        {
            await DataSetup.MigrateAsync(db);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using (var db = database.Open())
        {
            var rows = await db.Engagements.AsNoTracking().ToDictionaryAsync(e => e.Id);
            var untouched = rows[Guid.Parse(Untouched)];
            Assert.Equal((Provenance.Directory, EngagementStatus.Reported), (untouched.Provenance, untouched.Status));
            Assert.Equal(EngagementStatus.Reported, Assert.Single(untouched.StatusHistory).Status);
            var wikidata = rows[Guid.Parse(Wikidata)];
            Assert.Equal((Provenance.Directory, EngagementStatus.Reported), (wikidata.Provenance, wikidata.Status));
            // An officer suspended it: the commune acted on it, it is the commune's; its status stays.
            var actedOn = rows[Guid.Parse(ActedOn)];
            Assert.Equal((Provenance.Commune, EngagementStatus.Suspended), (actedOn.Provenance, actedOn.Status));
            var townHall = rows[Guid.Parse(TownHall)];
            Assert.Equal((Provenance.Commune, EngagementStatus.Active), (townHall.Provenance, townHall.Status));

            var flags = await db.ScreeningFlags.AsNoTracking().ToListAsync();
            var remaining = Assert.Single(flags);
            Assert.Equal(Guid.Parse(TownHall), remaining.EngagementId);
            Assert.Equal(FlagAudience.Internal, remaining.Audience);
        }
    }

    // Literal SQL: the schema of the previous migration, written the same way on both providers (test constants only).
    private static Task InsertAsync(AppDb db, string id, string sourceName, string status, string history) =>
        Execute(db, $"""
            INSERT INTO "Engagements" ("Id", "CommuneCode", "Kind", "Title", "Status", "Visibility", "Themes", "Version",
                "CreatedAt", "UpdatedAt", "SourceName", "StatusHistory", "Sources")
            VALUES ('{id}', '01053', 'Twinning', 'Jumelage', '{status}', 'Public', '', 1,
                '2026-01-01 00:00:00', '2026-01-01 00:00:00', '{sourceName}', '{history}', '[]')
            """);

    private static Task FlagAsync(AppDb db, string id, string engagementId) =>
        Execute(db, $"""
            INSERT INTO "ScreeningFlags" ("Id", "EngagementId", "CommuneCode", "RuleId", "RuleVersion", "SubjectKey", "Severity",
                "Explanation", "SuggestedActions", "ContentHash", "State", "FirstSeenAt", "LastChangedAt", "Version", "Evidence")
            VALUES ('{id}', '{engagementId}', '01053', 'deliberation-missing', '1.0', 'register', 'Attention',
                'actif sans délibération', 'council-review', 'h', 'New', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1, '[]')
            """);

    // Raw SQL goes through string.Format: the JSON's braces are doubled.
    private static Task<int> Execute(AppDb db, string sql) =>
        db.Database.ExecuteSqlRawAsync(sql.Replace("{", "{{").Replace("}", "}}"));
}
