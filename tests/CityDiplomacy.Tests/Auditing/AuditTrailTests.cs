using System.Text.Json;
using CityDiplomacy.Auditing;
using CityDiplomacy.Engagements;
using CityDiplomacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace CityDiplomacy.Tests.Auditing;

public sealed class AuditTrailTests
{
    private const string Canary = "CANARY-7f3c";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_kind_round_trips_through_the_database_with_its_logs(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        var network = new CityNetwork { Code = "test-network", NameFr = "Réseau", NameEn = "Network" };
        var day = new WorldDay { Code = "test-day", Month = 12, Day = 10, NameFr = "Journée des droits de l'homme", NameEn = "Human Rights Day" };
        Guid projectId, citizenshipId;
        await using (var db = database.Open())
        {
            db.AddRange(network, day);
            await db.SaveChangesAsync();
            var project = new CooperationProject("45284", "Eau potable à Bobo-Dioulasso");
            project.ReplacePartners([new EngagementPartner { Kind = PartnerKind.Place, GeonameId = 2362344, Name = "Bobo-Dioulasso", CountryCode = "BF" }]);
            project.ReplaceBudget([new BudgetLine(2024, 1_500_000, Funder.Afd, "subvention")]);
            project.ReplaceDocuments([new DocumentLink("Convention", "https://example.org/convention.pdf")]);
            project.Describe("Eau potable à Bobo-Dioulasso", null, Visibility.Public, [Theme.WaterSanitation, Theme.ClimateEmergency], null, null);
            project.Start(EngagementStatus.Active, new DateOnly(2024, 1, 15));
            var citizenship = new HonoraryCitizenship("69123", "Zhang Zhan");
            citizenship.AddSituation(new SituationEvent(new DateOnly(2024, 8, 28), DefenderSituation.Detained, "Detained again", "https://duihua.org/prisoner-updates-2025-8"));
            citizenship.SetConfidential(Canary, Canary);
            citizenship.Start(EngagementStatus.Active, new DateOnly(2023, 12, 9));
            db.Engagements.AddRange(project, citizenship, new NetworkMembership("75056", "C40", network.Id),
                new WorldDayObservance("75056", "10 décembre", day.Id, 2025), new Summit("75056", "COP21"),
                new Partnership("45284", "Université", PartnershipType.University));
            await db.SaveChangesAsync();
            (projectId, citizenshipId) = (project.Id, citizenship.Id);
        }

        await using (var db = database.Open())
        {
            var project = (CooperationProject)await db.Engagements.SingleAsync(e => e.Id == projectId);
            Assert.Equal(EngagementKind.CooperationProject, project.Kind);
            Assert.Equal("Bobo-Dioulasso", Assert.Single(project.Partners).Name);
            Assert.Equal(1_500_000, Assert.Single(project.BudgetLines).AmountCents);
            Assert.Equal(Funder.Afd, project.BudgetLines[0].Funder);
            Assert.Equal([Theme.ClimateEmergency, Theme.WaterSanitation], project.Themes);
            Assert.Equal("Convention", Assert.Single(project.Documents).Title);
            Assert.Equal(EngagementStatus.Active, Assert.Single(project.StatusHistory).Status);
            Assert.Equal(1, project.Version);
            Assert.Equal(DateTimeKind.Utc, project.CreatedAt.Kind); // instants come back as UTC on both providers
            var citizenship = (HonoraryCitizenship)await db.Engagements.SingleAsync(e => e.Id == citizenshipId);
            Assert.Equal(DefenderSituation.Detained, citizenship.CurrentSituation!.Situation);
            Assert.Equal(6, await db.Engagements.CountAsync());
            Assert.Equal(1, await db.Engagements.OfType<WorldDayObservance>().CountAsync(w => w.Year == 2025));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_write_is_audited_with_before_and_after_and_bumps_the_version(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        Guid id;
        await using (var db = database.Open())
        using (AuditActor.Use("cli", "test"))
        {
            var twinning = new Twinning("45284", "Jumelage avec Tuchów");
            twinning.ReplacePartners([new EngagementPartner { Kind = PartnerKind.Place, GeonameId = 756634, Name = "Tuchów", CountryCode = "PL" }]);
            twinning.Start(EngagementStatus.Active, new DateOnly(2000, 1, 1));
            db.Engagements.Add(twinning);
            await db.SaveChangesAsync();
            id = twinning.Id;
        }
        await using (var db = database.Open())
        {
            var twinning = await db.Engagements.SingleAsync(e => e.Id == id);
            twinning.Suspend("Résolution anti-LGBT du conseil de Tuchów", new DateOnly(2020, 2, 14));
            await db.SaveChangesAsync();
            Assert.Equal(2, twinning.Version);
        }
        await using (var db = database.Open())
        {
            var twinning = await db.Engagements.SingleAsync(e => e.Id == id);
            twinning.ReplaceDeliberations([new Deliberation { Reference = "DCM-2020-02", Date = new DateOnly(2020, 2, 14), VotesFor = 33 }]);
            await db.SaveChangesAsync(); // a change to a dependent row only
            Assert.Equal(3, twinning.Version);
        }

        await using var check = database.Open();
        var audits = await check.AuditEntries.Where(a => a.EntityType == nameof(Engagement) && a.EntityId == id.ToString())
            .OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(["created", "updated", "updated"], audits.Select(a => a.Action));
        Assert.All(audits, a => Assert.Equal("45284", a.CommuneCode));
        Assert.Equal("cli", audits[0].Actor);
        Assert.Null(audits[0].Before);
        Assert.Equal(audits[0].After, audits[1].Before);
        Assert.Equal(audits[1].After, audits[2].Before);
        var after = JsonDocument.Parse(audits[1].After!).RootElement;
        Assert.Equal("suspended", after.GetProperty("status").GetString());
        Assert.Equal(2, after.GetProperty("version").GetInt32());
        Assert.Equal("DCM-2020-02", JsonDocument.Parse(audits[2].After!).RootElement.GetProperty("deliberations")[0].GetProperty("reference").GetString());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_concurrent_write_on_a_stale_version_is_refused(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        var twinning = new Twinning("45284", "Jumelage");
        twinning.ReplacePartners([new EngagementPartner { Kind = PartnerKind.Place, GeonameId = 756634, Name = "Tuchów", CountryCode = "PL" }]);
        await using (var db = database.Open())
        {
            db.Engagements.Add(twinning);
            await db.SaveChangesAsync();
        }

        await using var first = database.Open();
        await using var second = database.Open();
        var mine = await first.Engagements.SingleAsync(e => e.Id == twinning.Id);
        var theirs = await second.Engagements.SingleAsync(e => e.Id == twinning.Id);
        mine.SetNotes("première modification");
        await first.SaveChangesAsync();
        theirs.SetNotes("seconde modification, partie d'une version périmée");

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = database.Open();
        Assert.Equal("première modification", (await check.Engagements.SingleAsync(e => e.Id == twinning.Id)).Notes);
    }

    [Fact]
    public async Task Confidential_fields_are_masked_in_the_audit_trail_and_audit_rows_cannot_be_changed()
    {
        await using var database = await TestDatabase.SharedAsync("sqlite");
        await using var db = database.Open();
        var citizenship = new HonoraryCitizenship("75056", "Alaa Abdel Fattah");
        citizenship.SetConfidential(Canary, Canary);
        db.Engagements.Add(citizenship);
        await db.SaveChangesAsync();

        var audit = await db.AuditEntries.SingleAsync(a => a.EntityType == nameof(Engagement));
        Assert.DoesNotContain(Canary, audit.After);
        Assert.Contains(AuditInterceptor.Masked, audit.After);

        db.AuditEntries.Remove(audit);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_row_whose_key_the_database_generates_is_audited_under_its_real_key(string provider)
    {
        await using var database = await TestDatabase.SharedAsync(provider);
        await using var db = database.Open();
        var network = new CityNetwork { Code = "audit-network", NameFr = "Réseau audité", NameEn = "Audited network" };
        db.CityNetworks.Add(network);

        await db.SaveChangesAsync();

        Assert.True(network.Id > 0);
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.EntityType == nameof(CityNetwork));
        Assert.Equal(network.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), audit.EntityId);
        Assert.Equal(network.Id, JsonDocument.Parse(audit.After!).RootElement.GetProperty("id").GetInt32());
        Assert.Null(db.Database.CurrentTransaction);
    }
}
