using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CityDiplomacy.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FormerCodes",
                table: "Communes",
                type: "TEXT",
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
