using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Municipal.Notifications.Infrastructure.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RequestCopyAnsweredRound : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AnsweredRound",
                table: "RequestCopies",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AnsweredRound",
                table: "RequestCopies");
        }
    }
}
