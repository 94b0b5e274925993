using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Municipal.Messaging.Persistence;
using Municipal.Scheduling.Domain;

namespace Municipal.Scheduling.Infrastructure;

public sealed class SchedulingDbContext(DbContextOptions<SchedulingDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Venue> Venues => Set<Venue>();

    public DbSet<Programme> Programmes => Set<Programme>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<Registration> Registrations => Set<Registration>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<RaisedIssue> Issues => Set<RaisedIssue>();

    public DbSet<ReminderDispatch> ReminderDispatches => Set<ReminderDispatch>();

    public DbSet<PersonFeed> Feeds => Set<PersonFeed>();

    public DbSet<RegistryCommunity> Communities => Set<RegistryCommunity>();

    public DbSet<RegistryPerson> People => Set<RegistryPerson>();

    public DbSet<RegistryOffice> Offices => Set<RegistryOffice>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Filters are raw SQL: each provider quotes identifiers its own way.
        var activeRegistration = IsSqlite ? "\"Status\" <> 'cancelled'" : "[Status] <> 'cancelled'";

        modelBuilder.Entity<Venue>(venue =>
        {
            venue.ToTable("Venues");
            venue.HasKey(v => v.Id);
            venue.Property(v => v.Id).ValueGeneratedNever();
            venue.Property(v => v.Name).HasMaxLength(Venue.NameMaxLength);
            venue.HasIndex(v => v.Name).IsUnique();
            venue.Property(v => v.Building).HasMaxLength(200);
            venue.Property(v => v.Floor).HasMaxLength(20);
            venue.Ignore(v => v.Detail);
        });

        modelBuilder.Entity<Programme>(programme =>
        {
            programme.ToTable("Programmes");
            programme.HasKey(p => p.Id);
            programme.Property(p => p.Id).ValueGeneratedNever();
            programme.Property(p => p.Title).HasMaxLength(Programme.TitleMaxLength);
            programme.HasIndex(p => new { p.FiscalYear, p.Title }).IsUnique();
            programme.Property(p => p.Description).HasMaxLength(4000);
            programme.Property(p => p.CreatedBySubject).HasMaxLength(128);
            programme.Ignore(p => p.Year);
        });

        modelBuilder.Entity<Session>(session =>
        {
            session.ToTable("Sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.Id).ValueGeneratedNever();
            session.Property(s => s.Title).HasMaxLength(Session.TitleMaxLength);
            session.Property(s => s.Status).HasConversion(Lowercase<SessionStatus>()).HasMaxLength(16);
            session.Property(s => s.CancellationReason).HasMaxLength(1000);
            session.Property(s => s.Minutes).HasMaxLength(Session.MinutesMaxLength);
            session.HasIndex(s => new { s.ProgrammeId, s.Number }).IsUnique();
            session.HasIndex(s => new { s.VenueId, s.StartsAt });
            session.HasIndex(s => s.StartsAt);
            session.HasOne<Programme>().WithMany().HasForeignKey(s => s.ProgrammeId).OnDelete(DeleteBehavior.Restrict);
            session.HasOne<Venue>().WithMany().HasForeignKey(s => s.VenueId).OnDelete(DeleteBehavior.Restrict);
            session.Ignore(s => s.IsActive);
            session.ToTable(t => t.HasCheckConstraint("CK_Sessions_Seats", IsSqlite
                ? "\"ConfirmedCount\" >= 0 AND \"ConfirmedCount\" <= \"Capacity\""
                : "[ConfirmedCount] >= 0 AND [ConfirmedCount] <= [Capacity]"));
        });

        modelBuilder.Entity<Registration>(registration =>
        {
            registration.ToTable("Registrations");
            registration.HasKey(r => r.Id);
            registration.Property(r => r.Id).ValueGeneratedNever();
            registration.Property(r => r.Status).HasConversion(Lowercase<RegistrationStatus>()).HasMaxLength(16);
            registration.Property(r => r.Code).HasMaxLength(ShortCode.Length);
            registration.HasIndex(r => r.Code).IsUnique();
            registration.Property(r => r.RegisteredBySubject).HasMaxLength(128);
            // One live registration per person and session; a cancelled one does not block registering again.
            registration.HasIndex(r => new { r.SessionId, r.PersonId }).IsUnique().HasFilter(activeRegistration)
                .HasDatabaseName("IX_Registrations_SessionId_PersonId_Active");
            registration.HasIndex(r => new { r.SessionId, r.Status, r.WaitlistTicket });
            registration.HasIndex(r => r.PersonId);
            registration.HasOne<Session>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<Invitation>(invitation =>
        {
            invitation.ToTable("Invitations");
            invitation.HasKey(i => i.Id);
            invitation.Property(i => i.Id).ValueGeneratedNever();
            invitation.Property(i => i.Role).HasMaxLength(32);
            invitation.Property(i => i.IssuedBySubject).HasMaxLength(128);
            invitation.HasIndex(i => new { i.SessionId, i.PersonId }).IsUnique();
            invitation.HasOne<Session>().WithMany().HasForeignKey(i => i.SessionId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<RaisedIssue>(issue =>
        {
            issue.ToTable("Issues");
            issue.HasKey(i => i.Id);
            issue.Property(i => i.Id).ValueGeneratedNever();
            issue.Property(i => i.Category).HasMaxLength(32);
            issue.Property(i => i.Description).HasMaxLength(IssueSubmission.DescriptionMaxLength);
            issue.Property(i => i.RecordedBySubject).HasMaxLength(128);
            issue.HasIndex(i => new { i.SessionId, i.RaisedAt });
            issue.HasOne<Session>().WithMany().HasForeignKey(i => i.SessionId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<ReminderDispatch>(dispatch =>
        {
            dispatch.ToTable("ReminderDispatches");
            // Exactly once per registrant and offset, whatever the number of replicas or restarts.
            dispatch.HasKey(d => new { d.RegistrationId, d.OffsetMinutes });
            dispatch.Property(d => d.Outcome).HasMaxLength(16);
        });

        modelBuilder.Entity<PersonFeed>(feed =>
        {
            feed.ToTable("Feeds");
            feed.HasKey(f => f.PersonId);
            feed.Property(f => f.SecretHash).HasMaxLength(64);
            feed.HasIndex(f => f.SecretHash).IsUnique();
        });

        modelBuilder.Entity<RegistryCommunity>(community =>
        {
            community.ToTable("RegistryCommunities");
            community.HasKey(c => c.Id);
            community.Property(c => c.Id).ValueGeneratedNever();
            community.Property(c => c.Code).HasMaxLength(32);
            community.Property(c => c.NameTh).HasMaxLength(200);
            community.Property(c => c.NameEn).HasMaxLength(200);
            community.Property(c => c.Status).HasMaxLength(16);
        });

        modelBuilder.Entity<RegistryPerson>(person =>
        {
            person.ToTable("RegistryPeople");
            person.HasKey(p => p.Id);
            person.Property(p => p.Id).ValueGeneratedNever();
            person.Property(p => p.Subject).HasMaxLength(128);
            person.HasIndex(p => p.Subject);
            person.Property(p => p.Title).HasMaxLength(50);
            person.Property(p => p.FirstNameTh).HasMaxLength(100);
            person.Property(p => p.LastNameTh).HasMaxLength(100);
            person.Property(p => p.NameEn).HasMaxLength(200);
            person.Ignore(p => p.DisplayName);
        });

        modelBuilder.Entity<RegistryOffice>(office =>
        {
            office.ToTable("RegistryOffices");
            office.HasKey(o => o.Id);
            office.Property(o => o.Id).ValueGeneratedNever();
            office.Property(o => o.Role).HasMaxLength(32);
            office.HasIndex(o => new { o.Role, o.StartDate });
            office.HasIndex(o => o.PersonId);
        });
    }

    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<TEnum, string> Lowercase<TEnum>() where TEnum : struct, Enum =>
        new(v => v.ToString().ToLowerInvariant(), v => Enum.Parse<TEnum>(v, true));
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
