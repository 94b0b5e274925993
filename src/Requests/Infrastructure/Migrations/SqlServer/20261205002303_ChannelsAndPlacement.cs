using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Municipal.Requests.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ChannelsAndPlacement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RequestMediaLinks",
                columns: table => new
                {
                    RequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Number = table.Column<int>(type: "int", nullable: false),
                    Url = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RequestMediaLinks", x => new { x.RequestId, x.Number });
                    table.ForeignKey(
                        name: "FK_RequestMediaLinks_Requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "Requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // The one media_url an Open311 request could carry becomes its first media link.
            migrationBuilder.Sql(
                """
                INSERT INTO [RequestMediaLinks] ([RequestId], [Number], [Url]) SELECT [Id], 1, [ExternalMediaUrl] FROM [Requests] WHERE [ExternalMediaUrl] IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "ExternalMediaUrl",
                table: "Requests");

            migrationBuilder.AlterColumn<string>(
                name: "SubmitterPhone",
                table: "Requests",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(16)",
                oldMaxLength: 16,
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "CommunityId",
                table: "Requests",
                type: "uniqueidentifier",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uniqueidentifier");

            migrationBuilder.AddColumn<string>(
                name: "SubmitterAccountId",
                table: "Requests",
                type: "nvarchar(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubmitterDeviceId",
                table: "Requests",
                type: "nvarchar(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubmitterEmail",
                table: "Requests",
                type: "nvarchar(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "CommunityId",
                table: "PlanProjectRequests",
                type: "uniqueidentifier",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uniqueidentifier");

            migrationBuilder.CreateTable(
                name: "Open311Changesets",
                columns: table => new
                {
                    Fingerprint = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    FirstSeenAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Open311Changesets", x => x.Fingerprint);
                });

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Open311Changesets");

            migrationBuilder.DropTable(
                name: "RequestMediaLinks");

            migrationBuilder.DropColumn(
                name: "SubmitterAccountId",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "SubmitterDeviceId",
                table: "Requests");

            migrationBuilder.DropColumn(
                name: "SubmitterEmail",
                table: "Requests");

            migrationBuilder.AlterColumn<string>(
                name: "SubmitterPhone",
                table: "Requests",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "nvarchar(32)",
                oldMaxLength: 32,
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "CommunityId",
                table: "Requests",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uniqueidentifier",
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExternalMediaUrl",
                table: "Requests",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "CommunityId",
                table: "PlanProjectRequests",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uniqueidentifier",
                oldNullable: true);
        }
    }
}
