using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Municipal.Messaging.Persistence;
using Municipal.Requests.Domain;

namespace Municipal.Requests.Infrastructure;

public sealed class RequestsDbContext(DbContextOptions<RequestsDbContext> options) : ServiceDbContext(options)
{
    public DbSet<ServiceRequest> Requests => Set<ServiceRequest>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<ServiceRequest>(request =>
        {
            request.ToTable("Requests");
            request.HasKey(r => r.Id);
            request.Property(r => r.Id).ValueGeneratedNever();
            request.Property(r => r.Number).HasMaxLength(32);
            request.HasIndex(r => r.Number).IsUnique();
            request.Property(r => r.Category).HasMaxLength(32);
            request.Property(r => r.Title).HasMaxLength(RequestSubmission.TitleMaxLength);
            request.Property(r => r.Description).HasMaxLength(RequestSubmission.DescriptionMaxLength);
            request.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
            request.Property(r => r.Status).HasConversion<string>().HasMaxLength(24);
            request.Property(r => r.SubmitterSubject).HasMaxLength(128);
            request.HasIndex(r => new { r.CommunityId, r.Status });
            request.HasIndex(r => r.SubmitterSubject);
        });
    }
}

/// <summary>For <c>dotnet ef</c>: <c>-- --provider SqlServer</c> selects the provider whose migrations to write.</summary>
internal sealed class RequestsDesignTimeFactory : IDesignTimeDbContextFactory<RequestsDbContext>
{
    public RequestsDbContext CreateDbContext(string[] args) => new(DesignTimeDatabase.Options<RequestsDbContext>(args));
}
