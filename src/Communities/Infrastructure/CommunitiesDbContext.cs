using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Municipal.Communities.Domain;
using Municipal.Messaging.Persistence;

namespace Municipal.Communities.Infrastructure;

public sealed class CommunitiesDbContext(DbContextOptions<CommunitiesDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Community> Communities => Set<Community>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Community>(community =>
        {
            community.ToTable("Communities");
            community.HasKey(c => c.Id);
            community.Property(c => c.Id).ValueGeneratedNever();
            community.Property(c => c.Code).HasMaxLength(32);
            community.HasIndex(c => c.Code).IsUnique();
            community.Property(c => c.NameTh).HasMaxLength(200);
            community.Property(c => c.NameEn).HasMaxLength(200);
            community.Property(c => c.Zone).HasMaxLength(50);
            community.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        });
    }
}

/// <summary>For <c>dotnet ef</c>: <c>-- --provider SqlServer</c> selects the provider whose migrations to write.</summary>
internal sealed class CommunitiesDesignTimeFactory : IDesignTimeDbContextFactory<CommunitiesDbContext>
{
    public CommunitiesDbContext CreateDbContext(string[] args) => new(DesignTimeDatabase.Options<CommunitiesDbContext>(args));
}
