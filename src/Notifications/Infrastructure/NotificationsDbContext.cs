using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Municipal.Messaging.Persistence;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Domain.Line;

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
    public DbSet<LineReporter> LineReporters => Set<LineReporter>();

    public DbSet<LineConversation> LineConversations => Set<LineConversation>();

    public DbSet<LineOutgoing> LineOutgoing => Set<LineOutgoing>();

    public DbSet<LineWebhookEvent> LineWebhookEvents => Set<LineWebhookEvent>();

    public DbSet<RequestCopy> RequestCopies => Set<RequestCopy>();

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

        ConfigureLineChat(modelBuilder);
    }

    private static void ConfigureLineChat(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<LineReporter>(reporter =>
        {
            reporter.ToTable("LineReporters");
            reporter.HasKey(r => r.LineUserId);
            reporter.Property(r => r.LineUserId).HasMaxLength(64);
            reporter.Property(r => r.Subject).HasMaxLength(64);
            reporter.HasIndex(r => r.Subject).IsUnique();
        });

        modelBuilder.Entity<LineConversation>(conversation =>
        {
            conversation.ToTable("LineConversations");
            conversation.HasKey(c => c.LineUserId);
            conversation.Property(c => c.LineUserId).HasMaxLength(64);
            conversation.Property(c => c.Step).HasConversion<string>().HasMaxLength(24);
            conversation.Property(c => c.Category).HasMaxLength(32);
            conversation.Property(c => c.PhotoMessageIds).HasMaxLength(200);
            conversation.Property(c => c.AddressText).HasMaxLength(LineConversation.AddressMaxLength);
            conversation.Property(c => c.ImageSetId).HasMaxLength(64);
            conversation.Property(c => c.Version).IsConcurrencyToken();
            conversation.Ignore(c => c.Photos);
            conversation.Ignore(c => c.Location);
            conversation.HasIndex(c => c.LastActivityAt);
        });

        modelBuilder.Entity<LineOutgoing>(outgoing =>
        {
            outgoing.ToTable("LineOutgoing");
            outgoing.HasKey(o => o.Id);
            outgoing.Property(o => o.Id).ValueGeneratedNever();
            outgoing.Property(o => o.LineUserId).HasMaxLength(64);
            outgoing.Property(o => o.ReplyToken).HasMaxLength(256);
            outgoing.Property(o => o.LastError).HasMaxLength(ErrorText.MaxLength);
            outgoing.HasIndex(o => new { o.SentAt, o.FailedAt, o.DueAt });
            outgoing.HasIndex(o => o.AwaitsRequestOf);
            outgoing.HasIndex(o => o.LineUserId);
            outgoing.HasIndex(o => o.LockToken);
        });

        modelBuilder.Entity<LineWebhookEvent>(handled =>
        {
            handled.ToTable("LineWebhookEvents");
            handled.HasKey(e => e.WebhookEventId);
            handled.Property(e => e.WebhookEventId).HasMaxLength(64);
            handled.HasIndex(e => e.HandledAt);
        });

        modelBuilder.Entity<RequestCopy>(copy =>
        {
            copy.ToTable("RequestCopies");
            copy.HasKey(r => r.Id);
            copy.Property(r => r.Id).ValueGeneratedNever();
            copy.Property(r => r.Number).HasMaxLength(32);
            copy.Property(r => r.Category).HasMaxLength(32);
            copy.Property(r => r.Title).HasMaxLength(200);
            copy.Property(r => r.Status).HasMaxLength(24);
            copy.Property(r => r.StatusNote).HasMaxLength(2000);
            copy.Property(r => r.SubmitterSubject).HasMaxLength(128);
            copy.Ignore(r => r.Location);
            copy.Ignore(r => r.IsOpen);
            copy.HasIndex(r => new { r.Category, r.Status, r.Latitude });
            copy.HasIndex(r => r.SubmitterSubject);
        });
    }
}

/// <summary>For <c>dotnet ef</c>: <c>-- --provider SqlServer</c> selects the provider whose migrations to write.</summary>
internal sealed class NotificationsDesignTimeFactory : IDesignTimeDbContextFactory<NotificationsDbContext>
{
    public NotificationsDbContext CreateDbContext(string[] args) => new(DesignTimeDatabase.Options<NotificationsDbContext>(args));
}
