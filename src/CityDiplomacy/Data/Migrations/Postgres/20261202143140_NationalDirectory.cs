using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CityDiplomacy.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NationalDirectory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "WikidataId",
                table: "EngagementPartners",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FormerCodes",
                table: "Communes",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WikidataId",
                table: "EngagementPartners");

            migrationBuilder.DropColumn(
                name: "FormerCodes",
                table: "Communes");
        }
    }
}
