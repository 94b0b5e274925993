using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Municipal.Messaging.Persistence;
using Municipal.Notifications.Domain;

namespace Municipal.Notifications.Infrastructure;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : ServiceDbContext(options)
{
    public DbSet<InboxItem> InboxItems => Set<InboxItem>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<InboxItem>(item =>
        {
            item.ToTable("InboxItems");
            item.HasKey(i => i.Id);
            item.Property(i => i.Id).ValueGeneratedNever();
            item.Property(i => i.RecipientSubject).HasMaxLength(128);
            item.Property(i => i.Kind).HasMaxLength(64);
            item.Property(i => i.Title).HasMaxLength(300);
            item.Property(i => i.Body).HasMaxLength(4000);
            item.Property(i => i.Link).HasMaxLength(300);
            item.Property(i => i.TraceId).HasMaxLength(32);
            item.HasIndex(i => new { i.RecipientSubject, i.ReadAt, i.CreatedAt });
        });
    }
}

/// <summary>For <c>dotnet ef</c>: <c>-- --provider SqlServer</c> selects the provider whose migrations to write.</summary>
internal sealed class NotificationsDesignTimeFactory : IDesignTimeDbContextFactory<NotificationsDbContext>
{
    public NotificationsDbContext CreateDbContext(string[] args) => new(DesignTimeDatabase.Options<NotificationsDbContext>(args));
}
