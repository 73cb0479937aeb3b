using CityDiplomacy.Engagements;
using CityDiplomacy.Screening;
using CityDiplomacy.Tests.Infrastructure;
using static CityDiplomacy.Tests.Manage.Forms;

namespace CityDiplomacy.Tests.Portal;

/// <summary>A small register for the export tests: public entries of every exported shape, one internal entry and confidential canaries.</summary>
internal static class OpenDataFixture
{
    public const string Canary = "CANARY-9d41";
    public const string FormulaTitle = "=HYPERLINK(\"http://example.org\";\"x\")";
    public static readonly int NextYear = DateTime.UtcNow.Year + 1;

    public sealed record Seeded(Guid Twinning, Guid Internal, Guid Citizenship, Guid Project);

    public static async Task<Seeded> SeedAsync(TestApp app)
    {
        var twinningInput = Twinning(756634);
        twinningInput.Committee = new CommitteeInput { Name = "Comité de jumelage; « Tuchów », Braye", Rna = "W452000123" };
        twinningInput.Deliberations = [new DeliberationInput { Reference = "DCM-1965-014", Date = "1965-02-20", Subject = "Serment de jumelage", VotesFor = 27, VotesAgainst = 2, Abstentions = 1, Url = "https://example.org/dcm-1965-014" }];
        var twinning = await app.SeedAsync(SaintJeanDeBraye, twinningInput);

        var hidden = Twinning(3094802, visibility: "internal");
        hidden.Title = "Jumelage interne " + Canary;
        hidden.Notes = Canary;
        var internalId = await app.SeedAsync(SaintJeanDeBraye, hidden);

        var citizenship = await app.SeedAsync(SaintJeanDeBraye, new HonoraryCitizenshipInput
        {
            Person = new PersonInput { Name = "Personne Fictive", Country = "PL", Role = "journaliste" },
            Status = "active", StatusOn = "2022-06-30", CouncilVoteOn = "2022-06-30",
            Deliberations = [new DeliberationInput { Reference = "DCM-2022-050", Date = "2022-06-30" }],
            ConfidentialNotes = "Notes " + Canary, ConfidentialContacts = "Contact " + Canary,
            Notes = "Notes libres " + Canary, ResponsibleOfficer = "Agent " + Canary,
        });

        var project = await app.SeedAsync(SaintJeanDeBraye, new CooperationProjectInput
        {
            Title = FormulaTitle,
            Partners = [new PartnerInput { GeonameId = 3094802 }],
            Objectives = "Eau potable",
            DacSectorCode = "14030",
            StartOn = "2024-01-01",
            ConventionSignedOn = "2023-11-15",
            Status = "active",
            BudgetLines =
            [
                new BudgetLineInput { Year = 2025, AmountCents = 1_000_000, Funder = "commune" },
                new BudgetLineInput { Year = 2025, AmountCents = 3_000_000, Funder = "afd" },
            ],
            Deliberations = [new DeliberationInput { Reference = "DCM-2023-101", Date = "2023-10-12" }],
        });

        await app.SeedAsync(SaintJeanDeBraye, new WorldDayInput { WorldDay = "droits-des-femmes", Year = NextYear, Status = "active" });
        await app.SeedAsync(SaintJeanDeBraye, new SummitInput
        {
            EventName = "Congrès, mondial; des villes", Place = "Lyon", StartOn = $"{NextYear}-06-10", EndOn = $"{NextYear}-06-12",
        });
        await app.SeedAsync(NogentSurOise, Twinning(767623));

        await using var db = app.OpenDb();
        db.ScreeningFlags.Add(Flag(twinning, "local-alert", FlagSeverity.High, "Résolution contre « l'idéologie LGBT ».", "La commune maintient le dialogue."));
        db.ScreeningFlags.Add(Flag(internalId, "country-context", FlagSeverity.Attention, "Flag interne " + Canary, "Réponse " + Canary));
        await db.SaveChangesAsync();
        return new Seeded(twinning, internalId, citizenship, project);
    }

    private static ScreeningFlag Flag(Guid engagement, string rule, FlagSeverity severity, string explanation, string answer) => new()
    {
        EngagementId = engagement, CommuneCode = SaintJeanDeBraye, RuleId = rule, RuleVersion = "test", SubjectKey = "1",
        Severity = severity, Explanation = explanation, ContentHash = "h",
        Evidence = [new FlagEvidence("Atlas of Hate", "https://example.org/atlas", "2020-02-14")],
        PublicAnswer = answer, Decision = "Décision " + Canary, FirstSeenAt = DateTime.UtcNow,
    };
}
