using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Municipal.Requests.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RequestFeedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FeedbackAskedAt",
                table: "Requests",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReopenCount",
                table: "Requests",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ResolutionRound",
                table: "Requests",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "RequestFeedback",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Round = table.Column<int>(type: "int", nullable: false),
                    Fixed = table.Column<bool>(type: "bit", nullable: false),
                    Rating = table.Column<int>(type: "int", nullable: true),
                    Comment = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Channel = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    RespondentSubject = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    DivisionCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Category = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Reopened = table.Column<bool>(type: "bit", nullable: false),
                    GivenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestFeedback", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RequestFeedback_Requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_FeedbackAskedAt_ResolvedAt",
                table: "Requests",
                columns: new[] { "Status", "FeedbackAskedAt", "ResolvedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RequestFeedback_RequestId_Round",
                table: "RequestFeedback",
                columns: new[] { "RequestId", "Round" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RequestFeedback_RespondentSubject",
                table: "RequestFeedback",
                column: "RespondentSubject");

            // Requests resolved before this version: their rounds and reopens, counted from their history.
            migrationBuilder.Sql(
                "UPDATE Requests SET " +
                "ResolutionRound = (SELECT COUNT(*) FROM RequestHistory h WHERE h.RequestId = Requests.Id AND h.[To] = 'Resolved'), " +
                "ReopenCount = (SELECT COUNT(*) FROM RequestHistory h WHERE h.RequestId = Requests.Id AND h.[From] = 'Resolved' AND h.[To] = 'InProgress')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RequestFeedback");

            migrationBuilder.DropIndex(
                name: "IX_Requests_Status_FeedbackAskedAt_ResolvedAt",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "FeedbackAskedAt",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "ReopenCount",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "ResolutionRound",
                table: "Requests");
        }
    }
}
