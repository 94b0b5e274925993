using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Municipal.Requests.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Casework : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssigneeName",
                table: "Requests",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AssigneeSince",
                table: "Requests",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssigneeSubject",
                table: "Requests",
                type: "nvarchar(128)",
                maxLength: 128,
                nullable: true);

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

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "RequestPhotos",
                type: "nvarchar(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "Before");

            migrationBuilder.AddColumn<string>(
                name: "AssigneeName",
                table: "RequestHistory",
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "RequestHistory",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "status");

            migrationBuilder.CreateTable(
                name: "DivisionDigests",
                columns: table => new
                {
                    DivisionCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Overdue = table.Column<int>(type: "int", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DivisionDigests", x => new { x.DivisionCode, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "Officers",
                columns: table => new
                {
                    Subject = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    DivisionCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    SeenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Officers", x => x.Subject);
                });

            migrationBuilder.CreateTable(
                name: "RequestEscalations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Threshold = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Level = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    DivisionCode = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    DueSince = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    EscalatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestEscalations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RequestEscalations_Requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.CreateTable(
                name: "RequestNotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Text = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    AuthorSubject = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    AuthorName = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RequestNotes_Requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Requests_AssigneeSubject",
                table: "Requests",
                column: "AssigneeSubject");

            migrationBuilder.CreateIndex(
                name: "IX_Requests_Status_FeedbackAskedAt_ResolvedAt",
                table: "Requests",
                columns: new[] { "Status", "FeedbackAskedAt", "ResolvedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Officers_DivisionCode",
                table: "Officers",
                column: "DivisionCode");

            migrationBuilder.CreateIndex(
                name: "IX_RequestEscalations_RequestId_Threshold_Level_DivisionCode",
                table: "RequestEscalations",
                columns: new[] { "RequestId", "Threshold", "Level", "DivisionCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RequestFeedback_RequestId_Round",
                table: "RequestFeedback",
                columns: new[] { "RequestId", "Round" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RequestFeedback_RespondentSubject",
                table: "RequestFeedback",
                column: "RespondentSubject");

            migrationBuilder.CreateIndex(
                name: "IX_RequestNotes_AuthorSubject",
                table: "RequestNotes",
                column: "AuthorSubject");

            migrationBuilder.CreateIndex(
                name: "IX_RequestNotes_RequestId_At",
                table: "RequestNotes",
                columns: new[] { "RequestId", "At" });

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
                name: "DivisionDigests");

            migrationBuilder.DropTable(
                name: "Officers");

            migrationBuilder.DropTable(
                name: "RequestEscalations");

            migrationBuilder.DropTable(
                name: "RequestFeedback");

            migrationBuilder.DropTable(
                name: "RequestNotes");

            migrationBuilder.DropIndex(
                name: "IX_Requests_AssigneeSubject",
                table: "Requests");

            migrationBuilder.DropIndex(
                name: "IX_Requests_Status_FeedbackAskedAt_ResolvedAt",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "AssigneeName",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "AssigneeSince",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "AssigneeSubject",
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

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "RequestPhotos");

            migrationBuilder.DropColumn(
                name: "AssigneeName",
                table: "RequestHistory");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "RequestHistory");
        }
    }
}
