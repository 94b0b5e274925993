using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Municipal.Requests.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DuplicateSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_Category_Status",
                table: "Requests");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Category_Status_Latitude_Longitude_Id",
                table: "Requests",
                columns: new[] { "Category", "Status", "Latitude", "Longitude", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Requests_Category_Status_Latitude_Longitude_Id",
                table: "Requests");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Category_Status",
                table: "Requests",
                columns: new[] { "Category", "Status" });
        }
    }
}
