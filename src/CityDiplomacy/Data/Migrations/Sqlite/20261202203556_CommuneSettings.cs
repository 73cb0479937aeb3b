using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CityDiplomacy.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddCommuneSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CommuneSettings",
                columns: table => new
                {
                    CommuneCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    Siret = table.Column<string>(type: "TEXT", maxLength: 14, nullable: false),
                    IatiOrganisationId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReportingContactName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReportingContactRole = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReportingContactEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CommuneSettings", x => x.CommuneCode);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CommuneSettings");
        }
    }
}
