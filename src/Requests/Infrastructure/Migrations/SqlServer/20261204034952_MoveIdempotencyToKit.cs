using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Municipal.Requests.Infrastructure.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MoveIdempotencyToKit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The kit's record names what a create made ResourceId, and not every create makes one: keep the
            // remembered answers, renamed and nullable, rather than drop the column and add another.
            migrationBuilder.DropIndex(
                name: "IX_IdempotencyRecords_RequestId",
                table: "IdempotencyRecords");

            migrationBuilder.RenameColumn(
                name: "RequestId",
                table: "IdempotencyRecords",
                newName: "ResourceId");

            migrationBuilder.AlterColumn<Guid>(
                name: "ResourceId",
                table: "IdempotencyRecords",
                type: "uniqueidentifier",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uniqueidentifier");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "ResourceId",
                table: "IdempotencyRecords",
                type: "uniqueidentifier",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uniqueidentifier",
                oldNullable: true);

            migrationBuilder.RenameColumn(
                name: "ResourceId",
                table: "IdempotencyRecords",
                newName: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyRecords_RequestId",
                table: "IdempotencyRecords",
                column: "RequestId");
        }
    }
}
