using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Municipal.Messaging.Persistence;
using Municipal.Scheduling.Domain;

namespace Municipal.Scheduling.Infrastructure;

public sealed class SchedulingDbContext(DbContextOptions<SchedulingDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Venue> Venues => Set<Venue>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Venue>(venue =>
        {
            venue.ToTable("Venues");
            venue.HasKey(v => v.Id);
            venue.Property(v => v.Id).ValueGeneratedNever();
            venue.Property(v => v.Name).HasMaxLength(200);
            venue.HasIndex(v => v.Name).IsUnique();
            venue.Property(v => v.Building).HasMaxLength(200);
            venue.Property(v => v.Floor).HasMaxLength(20);
        });
    }
}

/// <summary>For <c>dotnet ef</c>: <c>-- --provider SqlServer</c> selects the provider whose migrations to write.</summary>
internal sealed class SchedulingDesignTimeFactory : IDesignTimeDbContextFactory<SchedulingDbContext>
{
    public SchedulingDbContext CreateDbContext(string[] args) => new(DesignTimeDatabase.Options<SchedulingDbContext>(args));
}

/// <summary>An empty database starts with the founding case's meeting room.</summary>
internal sealed class VenueSeeder(TimeProvider time) : IDatabaseSeeder<SchedulingDbContext>
{
    public async Task SeedAsync(SchedulingDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Venues.AnyAsync(cancellationToken))
        {
            db.Venues.Add(Venue.Chakangrao1(time.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
