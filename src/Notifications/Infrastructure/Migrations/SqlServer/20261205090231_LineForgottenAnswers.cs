using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Municipal.Notifications.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LineForgottenAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ForgottenOnceSent",
                table: "LineOutgoing",
                type: "bit",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ForgottenOnceSent",
                table: "LineOutgoing");
        }
    }
}
