using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CityDiplomacy.Data.Migrations.Postgres
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
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DatasetVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Admin1Regions", x => new { x.CountryCode, x.Code });
                });

            migrationBuilder.CreateTable(
                name: "Communes",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SearchName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DepartmentCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ArrondissementCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    EpciSiren = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    Siren = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: true),
                    ParentCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    Postcodes = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Population = table.Column<int>(type: "integer", nullable: true),
                    Latitude = table.Column<double>(type: "double precision", nullable: true),
                    Longitude = table.Column<double>(type: "double precision", nullable: true),
                    CoordinateSource = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    GeonameId = table.Column<int>(type: "integer", nullable: true),
                    Zone = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    DatasetVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Communes", x => new { x.Code, x.Kind });
                });

            migrationBuilder.CreateTable(
                name: "Countries",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Alpha3 = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Numeric = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    NameFr = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AliasesFr = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    AliasesEn = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    DatasetVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Countries", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "Departments",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RegionCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ChefLieu = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    Zone = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    DatasetVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Departments", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "Epcis",
                columns: table => new
                {
                    Siren = table.Column<string>(type: "character varying(9)", maxLength: 9, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Financing = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Population = table.Column<int>(type: "integer", nullable: true),
                    DatasetVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Epcis", x => x.Siren);
                });

            migrationBuilder.CreateTable(
                name: "Places",
                columns: table => new
                {
                    GeonameId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AsciiName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AlternateNames = table.Column<string>(type: "text", nullable: true),
                    Latitude = table.Column<double>(type: "double precision", nullable: false),
                    Longitude = table.Column<double>(type: "double precision", nullable: false),
                    FeatureClass = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    FeatureCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    CountryCode = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Admin1Code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Admin2Code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    Population = table.Column<long>(type: "bigint", nullable: false),
                    DatasetVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Places", x => x.GeonameId);
                });

            migrationBuilder.CreateTable(
                name: "ReferenceDatasets",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    Sources = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    LoadedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferenceDatasets", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "Regions",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChefLieu = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    Zone = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    DatasetVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
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
