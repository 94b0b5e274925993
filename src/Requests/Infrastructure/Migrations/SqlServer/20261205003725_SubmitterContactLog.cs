using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Municipal.Requests.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SubmitterContactLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ContactAccessLog",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    AccessorSubject = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    AccessorRoles = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Purpose = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContactAccessLog", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ContactAccessLog_At",
                table: "ContactAccessLog",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ContactAccessLog_RequestId_At",
                table: "ContactAccessLog",
                columns: new[] { "RequestId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContactAccessLog");
        }
    }
}
