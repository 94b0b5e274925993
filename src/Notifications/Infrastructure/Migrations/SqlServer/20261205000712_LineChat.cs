using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Municipal.Notifications.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LineChat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LineConversations",
                columns: table => new
                {
                    LineUserId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Step = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: false),
                    Category = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    PhotoMessageIds = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Latitude = table.Column<double>(type: "float", nullable: true),
                    Longitude = table.Column<double>(type: "float", nullable: true),
                    AddressText = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    CandidateRequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    LastActivityAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LineConversations", x => x.LineUserId);
                });

            migrationBuilder.CreateTable(
                name: "LineOutgoing",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    LineUserId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ReplyToken = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    RepliesToEventAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Messages = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    AwaitsRequestOf = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    FailedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    LastError = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    LockToken = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    LockedUntil = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LineOutgoing", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LineReporters",
                columns: table => new
                {
                    LineUserId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ConsentedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LineReporters", x => x.LineUserId);
                });

            migrationBuilder.CreateTable(
                name: "LineWebhookEvents",
                columns: table => new
                {
                    WebhookEventId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    HandledAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LineWebhookEvents", x => x.WebhookEventId);
                });

            migrationBuilder.CreateTable(
                name: "RequestCopies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Number = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Category = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: false),
                    StatusNote = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Latitude = table.Column<double>(type: "float", nullable: true),
                    Longitude = table.Column<double>(type: "float", nullable: true),
                    SubmitterSubject = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    AsOf = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestCopies", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LineConversations_LastActivityAt",
                table: "LineConversations",
                column: "LastActivityAt");

            migrationBuilder.CreateIndex(
                name: "IX_LineOutgoing_AwaitsRequestOf",
                table: "LineOutgoing",
                column: "AwaitsRequestOf");

            migrationBuilder.CreateIndex(
                name: "IX_LineOutgoing_LineUserId",
                table: "LineOutgoing",
                column: "LineUserId");

            migrationBuilder.CreateIndex(
                name: "IX_LineOutgoing_LockToken",
                table: "LineOutgoing",
                column: "LockToken");

            migrationBuilder.CreateIndex(
                name: "IX_LineOutgoing_SentAt_FailedAt_DueAt",
                table: "LineOutgoing",
                columns: new[] { "SentAt", "FailedAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_LineReporters_Subject",
                table: "LineReporters",
                column: "Subject",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LineWebhookEvents_HandledAt",
                table: "LineWebhookEvents",
                column: "HandledAt");

            migrationBuilder.CreateIndex(
                name: "IX_RequestCopies_Category_Status_Latitude",
                table: "RequestCopies",
                columns: new[] { "Category", "Status", "Latitude" });

            migrationBuilder.CreateIndex(
                name: "IX_RequestCopies_SubmitterSubject",
                table: "RequestCopies",
                column: "SubmitterSubject");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LineConversations");

            migrationBuilder.DropTable(
                name: "LineOutgoing");

            migrationBuilder.DropTable(
                name: "LineReporters");

            migrationBuilder.DropTable(
                name: "LineWebhookEvents");

            migrationBuilder.DropTable(
                name: "RequestCopies");
        }
    }
}
