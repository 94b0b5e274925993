using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Municipal.Messaging.Persistence;
using Municipal.Notifications.Domain;

namespace Municipal.Notifications.Infrastructure;

public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : ServiceDbContext(options)
{
    public DbSet<InboxItem> InboxItems => Set<InboxItem>();

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<NotificationPreference> Preferences => Set<NotificationPreference>();

    public DbSet<OfficeTerm> Offices => Set<OfficeTerm>();

    public DbSet<SessionRegistration> Registrations => Set<SessionRegistration>();

    public DbSet<LineLinkCode> LineLinkCodes => Set<LineLinkCode>();

    public DbSet<Announcement> Announcements => Set<Announcement>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        AnnouncementsModel.Configure(modelBuilder);
        modelBuilder.Entity<InboxItem>(item =>
        {
            item.ToTable("InboxItems");
            item.HasKey(i => i.Id);
            item.Property(i => i.Id).ValueGeneratedNever();
            item.Property(i => i.RecipientSubject).HasMaxLength(128);
            item.Property(i => i.SharedMailbox).HasMaxLength(80);
            item.Property(i => i.Kind).HasMaxLength(64);
            item.Property(i => i.Language).HasMaxLength(8);
            item.Property(i => i.Title).HasMaxLength(300);
            item.Property(i => i.Body).HasMaxLength(4000);
            item.Property(i => i.Link).HasMaxLength(300);
            item.Property(i => i.TraceId).HasMaxLength(32);
            item.Ignore(i => i.Owner);
            item.HasIndex(i => i.DeliveryId).IsUnique();
            item.HasIndex(i => new { i.RecipientSubject, i.ReadAt, i.CreatedAt });
            item.HasIndex(i => new { i.SharedMailbox, i.ReadAt, i.CreatedAt });
            item.HasIndex(i => i.AboutPersonId);
        });

        modelBuilder.Entity<Delivery>(delivery =>
        {
            delivery.ToTable("Deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Id).ValueGeneratedNever();
            delivery.Property(d => d.EventKey).HasMaxLength(200);
            delivery.Property(d => d.Kind).HasMaxLength(64);
            delivery.Property(d => d.RecipientKey).HasMaxLength(160);
            delivery.Property(d => d.RecipientSubject).HasMaxLength(128);
            delivery.Property(d => d.SharedMailbox).HasMaxLength(80);
            delivery.Property(d => d.Channel).HasMaxLength(16);
            delivery.Property(d => d.Language).HasMaxLength(8);
            delivery.Property(d => d.Title).HasMaxLength(300);
            delivery.Property(d => d.Body).HasMaxLength(4000);
            delivery.Property(d => d.ShortText).HasMaxLength(1000);
            delivery.Property(d => d.Link).HasMaxLength(300);
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            delivery.Property(d => d.LastError).HasMaxLength(ErrorText.MaxLength);
            delivery.Property(d => d.FallbackFrom).HasMaxLength(16);
            delivery.Property(d => d.ProviderMessageId).HasMaxLength(200);
            delivery.Property(d => d.TraceParent).HasMaxLength(64);
            delivery.Ignore(d => d.IsOpen);
            // Exactly one message per (event, recipient, channel): a replayed event cannot add a second.
            delivery.HasIndex(d => new { d.EventKey, d.RecipientKey, d.Channel }).IsUnique();
            delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
            delivery.HasIndex(d => new { d.Channel, d.Status, d.CreatedAt });
            delivery.HasIndex(d => d.PersonId);
            delivery.HasIndex(d => d.AboutPersonId);
        });

        modelBuilder.Entity<Person>(person =>
        {
            person.ToTable("People");
            person.HasKey(p => p.Id);
            person.Property(p => p.Id).ValueGeneratedNever();
            person.Property(p => p.Subject).HasMaxLength(128);
            person.Property(p => p.Title).HasMaxLength(50);
            person.Property(p => p.FirstNameTh).HasMaxLength(100);
            person.Property(p => p.LastNameTh).HasMaxLength(100);
            person.Property(p => p.NameEn).HasMaxLength(200);
            person.Property(p => p.Email).HasMaxLength(254);
            person.Property(p => p.PhoneE164).HasMaxLength(20);
            person.Property(p => p.LineUserId).HasMaxLength(64);
            person.Property(p => p.PreferredChannel).HasMaxLength(16);
            person.Property(p => p.Language).HasMaxLength(8);
            person.Ignore(p => p.IsErased);
            person.HasIndex(p => p.Subject);
        });

        modelBuilder.Entity<NotificationPreference>(preference =>
        {
            preference.ToTable("Preferences");
            preference.HasKey(p => p.Subject);
            preference.Property(p => p.Subject).HasMaxLength(128);
            preference.Property(p => p.PreferredChannel).HasMaxLength(16);
            preference.Property(p => p.Language).HasMaxLength(8);
            preference.Property(p => p.LinkedLineUserId).HasMaxLength(64);
            preference.Ignore(p => p.QuietHours);
            preference.HasIndex(p => p.LinkedLineUserId);
        });

        modelBuilder.Entity<OfficeTerm>(office =>
        {
            office.ToTable("Offices");
            office.HasKey(o => o.Id);
            office.Property(o => o.Id).ValueGeneratedNever();
            office.Property(o => o.Role).HasMaxLength(32);
            office.HasIndex(o => new { o.Role, o.CommunityId });
            office.HasIndex(o => o.PersonId);
        });

        modelBuilder.Entity<SessionRegistration>(registration =>
        {
            registration.ToTable("Registrations");
            registration.HasKey(r => r.Id);
            registration.Property(r => r.Id).ValueGeneratedNever();
            registration.Property(r => r.Code).HasMaxLength(32);
            registration.Property(r => r.Status).HasMaxLength(16);
            registration.Ignore(r => r.IsActive);
            registration.HasIndex(r => new { r.SessionId, r.Status });
            registration.HasIndex(r => r.PersonId);
        });

        modelBuilder.Entity<LineLinkCode>(code =>
        {
            code.ToTable("LineLinkCodes");
            code.HasKey(c => c.CodeHash);
            code.Property(c => c.CodeHash).HasMaxLength(64);
            code.Property(c => c.Subject).HasMaxLength(128);
            code.HasIndex(c => c.Subject);
        });
    }
}

/// <summary>For <c>dotnet ef</c>: <c>-- --provider SqlServer</c> selects the provider whose migrations to write.</summary>
internal sealed class NotificationsDesignTimeFactory : IDesignTimeDbContextFactory<NotificationsDbContext>
{
    public NotificationsDbContext CreateDbContext(string[] args) => new(DesignTimeDatabase.Options<NotificationsDbContext>(args));
}
