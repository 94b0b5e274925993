using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Municipal.Notifications.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LineImageSets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ImageSetArrived",
                table: "LineConversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ImageSetId",
                table: "LineConversations",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ImageSetArrived",
                table: "LineConversations");

            migrationBuilder.DropColumn(
                name: "ImageSetId",
                table: "LineConversations");
        }
    }
}
