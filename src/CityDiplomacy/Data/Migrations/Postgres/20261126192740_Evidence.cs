using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CityDiplomacy.Data.Migrations.Postgres
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
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceRecord",
                table: "Engagements",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceVersion",
                table: "Engagements",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CountryIndicators",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Indicator = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: true),
                    Text = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    SourceName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SourceUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ImportId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CountryIndicators", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EvidenceImports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SourceName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SourceUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Licence = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ImportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    RowCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvidenceImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LocalAlerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    PlaceText = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    GeonameId = table.Column<int>(type: "integer", nullable: true),
                    Admin1Code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    AdoptedOn = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    RepealedOn = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    SourceName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SourceUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    ImportId = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LocalAlerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ScreeningFlags",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EngagementId = table.Column<Guid>(type: "uuid", nullable: false),
                    CommuneCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    RuleId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RuleVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SubjectKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Explanation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    SuggestedActions = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    AlertId = table.Column<Guid>(type: "uuid", nullable: true),
                    AlertAdoptedOn = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    AlertRepealedOn = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Decision = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    DecisionDeliberation = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PublicAnswer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    FirstSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastChangedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Evidence = table.Column<string>(type: "jsonb", nullable: true)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CommuneCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    RuleVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EngagementsScreened = table.Column<int>(type: "integer", nullable: false),
                    New = table.Column<int>(type: "integer", nullable: false),
                    Changed = table.Column<int>(type: "integer", nullable: false),
                    Resolved = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScreeningRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TerritoryStatuses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Territory = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Admin1Code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    GeonameId = table.Column<int>(type: "integer", nullable: true),
                    Status = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SourceName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SourceUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    SourceDate = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    ImportId = table.Column<Guid>(type: "uuid", nullable: true)
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
