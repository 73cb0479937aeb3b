using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CityDiplomacy.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Evidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SourceName",
                table: "Engagements",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceRecord",
                table: "Engagements",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceVersion",
                table: "Engagements",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CountryIndicators",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Indicator = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<decimal>(type: "TEXT", precision: 12, scale: 4, nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SourceName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SourceUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ImportId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CountryIndicators", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EvidenceImports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SourceName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SourceUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Licence = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RowCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvidenceImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LocalAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    PlaceText = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    GeonameId = table.Column<int>(type: "INTEGER", nullable: true),
                    Admin1Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    AdoptedOn = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    RepealedOn = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    SourceName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SourceUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ImportId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LocalAlerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningFlags",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EngagementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommuneCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RuleVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SubjectKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    SuggestedActions = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    AlertId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AlertAdoptedOn = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    AlertRepealedOn = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    DecidedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DecisionDeliberation = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PublicAnswer = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningFlags", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScreeningFlags_Engagements_EngagementId",
                        column: x => x.EngagementId,
                        principalTable: "Engagements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CommuneCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    RuleVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EngagementsScreened = table.Column<int>(type: "INTEGER", nullable: false),
                    New = table.Column<int>(type: "INTEGER", nullable: false),
                    Changed = table.Column<int>(type: "INTEGER", nullable: false),
                    Resolved = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TerritoryStatuses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Territory = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Admin1Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    GeonameId = table.Column<int>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SourceName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SourceUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    SourceDate = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    ImportId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TerritoryStatuses", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CountryIndicators_CountryCode_Indicator_Year",
                table: "CountryIndicators",
                columns: new[] { "CountryCode", "Indicator", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CountryIndicators_ImportId",
                table: "CountryIndicators",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_EvidenceImports_Kind_Sha256",
                table: "EvidenceImports",
                columns: new[] { "Kind", "Sha256" });

            migrationBuilder.CreateIndex(
                name: "IX_LocalAlerts_CountryCode_Admin1Code",
                table: "LocalAlerts",
                columns: new[] { "CountryCode", "Admin1Code" });

            migrationBuilder.CreateIndex(
                name: "IX_LocalAlerts_GeonameId",
                table: "LocalAlerts",
                column: "GeonameId");

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningFlags_CommuneCode_ResolvedAt",
                table: "ScreeningFlags",
                columns: new[] { "CommuneCode", "ResolvedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningFlags_EngagementId_RuleId_SubjectKey",
                table: "ScreeningFlags",
                columns: new[] { "EngagementId", "RuleId", "SubjectKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScreeningRuns_StartedAt",
                table: "ScreeningRuns",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_TerritoryStatuses_CountryCode_Admin1Code",
                table: "TerritoryStatuses",
                columns: new[] { "CountryCode", "Admin1Code" });

            migrationBuilder.CreateIndex(
                name: "IX_TerritoryStatuses_GeonameId",
                table: "TerritoryStatuses",
                column: "GeonameId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CountryIndicators");

            migrationBuilder.DropTable(
                name: "EvidenceImports");

            migrationBuilder.DropTable(
                name: "LocalAlerts");

            migrationBuilder.DropTable(
                name: "ScreeningFlags");

            migrationBuilder.DropTable(
                name: "ScreeningRuns");

            migrationBuilder.DropTable(
                name: "TerritoryStatuses");

            migrationBuilder.DropColumn(
                name: "SourceName",
                table: "Engagements");

            migrationBuilder.DropColumn(
                name: "SourceRecord",
                table: "Engagements");

            migrationBuilder.DropColumn(
                name: "SourceVersion",
                table: "Engagements");
        }
    }
}
