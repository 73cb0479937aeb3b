using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CityDiplomacy.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialReference : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Admin1Regions",
                columns: table => new
                {
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DatasetVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Admin1Regions", x => new { x.CountryCode, x.Code });
                });

            migrationBuilder.CreateTable(
                name: "Communes",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SearchName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DepartmentCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ArrondissementCode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    EpciSiren = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    Siren = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    ParentCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    Postcodes = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Population = table.Column<int>(type: "INTEGER", nullable: true),
                    Latitude = table.Column<double>(type: "REAL", nullable: true),
                    Longitude = table.Column<double>(type: "REAL", nullable: true),
                    CoordinateSource = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    GeonameId = table.Column<int>(type: "INTEGER", nullable: true),
                    Zone = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    DatasetVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Communes", x => new { x.Code, x.Kind });
                });

            migrationBuilder.CreateTable(
                name: "Countries",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Alpha3 = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Numeric = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    NameFr = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AliasesFr = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    AliasesEn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DatasetVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Countries", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "Departments",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RegionCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ChefLieu = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    Zone = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    DatasetVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Departments", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "Epcis",
                columns: table => new
                {
                    Siren = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Financing = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Population = table.Column<int>(type: "INTEGER", nullable: true),
                    DatasetVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Epcis", x => x.Siren);
                });

            migrationBuilder.CreateTable(
                name: "Places",
                columns: table => new
                {
                    GeonameId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AsciiName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AlternateNames = table.Column<string>(type: "TEXT", nullable: true),
                    Latitude = table.Column<double>(type: "REAL", nullable: false),
                    Longitude = table.Column<double>(type: "REAL", nullable: false),
                    FeatureClass = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    FeatureCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Admin1Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Admin2Code = table.Column<string>(type: "TEXT", maxLength: 80, nullable: true),
                    Population = table.Column<long>(type: "INTEGER", nullable: false),
                    DatasetVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Places", x => x.GeonameId);
                });

            migrationBuilder.CreateTable(
                name: "ReferenceDatasets",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Rows = table.Column<long>(type: "INTEGER", nullable: false),
                    Sources = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    LoadedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferenceDatasets", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "Regions",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChefLieu = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    Zone = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    DatasetVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Regions", x => x.Code);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Communes_DepartmentCode",
                table: "Communes",
                column: "DepartmentCode");

            migrationBuilder.CreateIndex(
                name: "IX_Communes_SearchName",
                table: "Communes",
                column: "SearchName");

            migrationBuilder.CreateIndex(
                name: "IX_Countries_Alpha3",
                table: "Countries",
                column: "Alpha3",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Places_CountryCode_Admin1Code",
                table: "Places",
                columns: new[] { "CountryCode", "Admin1Code" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Admin1Regions");

            migrationBuilder.DropTable(
                name: "Communes");

            migrationBuilder.DropTable(
                name: "Countries");

            migrationBuilder.DropTable(
                name: "Departments");

            migrationBuilder.DropTable(
                name: "Epcis");

            migrationBuilder.DropTable(
                name: "Places");

            migrationBuilder.DropTable(
                name: "ReferenceDatasets");

            migrationBuilder.DropTable(
                name: "Regions");
        }
    }
}
