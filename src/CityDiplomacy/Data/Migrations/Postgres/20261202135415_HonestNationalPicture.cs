using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CityDiplomacy.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HonestNationalPicture : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Audience",
                table: "ScreeningFlags",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Public");

            migrationBuilder.AddColumn<DateOnly>(
                name: "ConfirmedOn",
                table: "Engagements",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DismissalReason",
                table: "Engagements",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "DismissedOn",
                table: "Engagements",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Provenance",
                table: "Engagements",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Commune");

            migrationBuilder.AddColumn<string>(
                name: "SourceUrl",
                table: "Engagements",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            // Rows a national directory reported (the directory import names them « Wikipédia, villes jumelles … » or
            // « Wikidata P190 … ») and nobody acted on since (still active, one status event) say only that the towns
            // are twinned: provenance directory, status reported (5 in the status history). A directory row an officer
            // acted on (another status, a later event), and every other row, is the commune's (the column's default).
            migrationBuilder.Sql("""
                UPDATE "Engagements"
                SET "Provenance" = 'Directory', "Status" = 'Reported', "StatusReason" = NULL, "StatusChangedOn" = NULL,
                    "StatusHistory" = jsonb_set("StatusHistory", '{0,Status}', '5')
                WHERE ("SourceName" LIKE 'Wikipédia, villes jumelles%' OR "SourceName" LIKE 'Wikidata P190%')
                  AND "Status" = 'Active' AND "StatusHistory" IS NOT NULL AND jsonb_array_length("StatusHistory") = 1;
                """);
            // deliberation-missing is the commune's own paperwork: internal, and it no longer applies to directory rows
            // (those flags said more than the directory does: removed rather than kept as history).
            migrationBuilder.Sql("""
                DELETE FROM "ScreeningFlags"
                WHERE "RuleId" = 'deliberation-missing'
                  AND "EngagementId" IN (SELECT "Id" FROM "Engagements" WHERE "Provenance" <> 'Commune');
                """);
            migrationBuilder.Sql("""
                UPDATE "ScreeningFlags" SET "Audience" = 'Internal' WHERE "RuleId" = 'deliberation-missing';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

            migrationBuilder.Sql("""
                UPDATE "Engagements" SET "Status" = 'Active', "StatusHistory" = jsonb_set("StatusHistory", '{0,Status}', '1')
                WHERE "Provenance" = 'Directory' AND "Status" = 'Reported' AND "StatusHistory" IS NOT NULL AND jsonb_array_length("StatusHistory") = 1;
                """);
            migrationBuilder.DropColumn(
                name: "Audience",
                table: "ScreeningFlags");

            migrationBuilder.DropColumn(
                name: "ConfirmedOn",
                table: "Engagements");

            migrationBuilder.DropColumn(
                name: "DismissalReason",
                table: "Engagements");

            migrationBuilder.DropColumn(
                name: "DismissedOn",
                table: "Engagements");

            migrationBuilder.DropColumn(
                name: "Provenance",
                table: "Engagements");

            migrationBuilder.DropColumn(
                name: "SourceUrl",
                table: "Engagements");
        }
    }
}
