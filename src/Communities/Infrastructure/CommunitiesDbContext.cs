using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Municipal.Communities.Domain;
using Municipal.Messaging.Persistence;

namespace Municipal.Communities.Infrastructure;

public sealed class CommunitiesDbContext(DbContextOptions<CommunitiesDbContext> options) : ServiceDbContext(options)
{
    public DbSet<Community> Communities => Set<Community>();

    public DbSet<Division> Divisions => Set<Division>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<Office> Offices => Set<Office>();

    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();

    public DbSet<SeatLock> SeatLocks => Set<SeatLock>();

    public DbSet<AccountClaim> AccountClaims => Set<AccountClaim>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Community>(community =>
        {
            community.ToTable("Communities");
            community.HasKey(c => c.Id);
            community.Property(c => c.Id).ValueGeneratedNever();
            community.Property(c => c.Code).HasMaxLength(CommunityInput.CodeMaxLength);
            community.HasIndex(c => c.Code).IsUnique();
            community.Property(c => c.NameTh).HasMaxLength(CommunityInput.NameMaxLength);
            community.Property(c => c.NameEn).HasMaxLength(CommunityInput.NameMaxLength);
            community.Property(c => c.Zone).HasMaxLength(CommunityInput.ZoneMaxLength);
            community.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
            community.Property(c => c.Version).IsConcurrencyToken();
            community.HasIndex(c => new { c.Status, c.Zone });
            community.HasOne<Community>().WithMany().HasForeignKey(c => c.MergedInto).OnDelete(DeleteBehavior.Restrict);
            community.Ignore(c => c.Location);
            community.Ignore(c => c.Details);
        });

        modelBuilder.Entity<AccountClaim>(claim =>
        {
            claim.ToTable("AccountClaims");
            claim.HasKey(c => c.Id);
            claim.Property(c => c.Id).ValueGeneratedNever();
            claim.Property(c => c.Subject).HasMaxLength(PersonInput.SubjectMaxLength);
            claim.Property(c => c.AccountName).HasMaxLength(200);
            claim.Property(c => c.CodeHash).HasMaxLength(64);
            claim.HasIndex(c => new { c.Subject, c.CreatedAt });
            claim.HasIndex(c => c.CreatedAt);
            claim.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Division>(division =>
        {
            division.ToTable("Divisions");
            division.HasKey(d => d.Id);
            division.Property(d => d.Id).ValueGeneratedNever();
            division.Property(d => d.Code).HasMaxLength(32);
            division.HasIndex(d => d.Code).IsUnique();
            division.Property(d => d.NameTh).HasMaxLength(200);
            division.Property(d => d.NameEn).HasMaxLength(200);
            division.Property(d => d.Version).IsConcurrencyToken();
        });

        modelBuilder.Entity<Person>(person =>
        {
            person.ToTable("People");
            person.HasKey(p => p.Id);
            person.Property(p => p.Id).ValueGeneratedNever();
            person.Property(p => p.Subject).HasMaxLength(PersonInput.SubjectMaxLength);
            person.HasIndex(p => p.Subject).IsUnique();
            person.Property(p => p.Title).HasMaxLength(PersonInput.TitleMaxLength);
            person.Property(p => p.FirstNameTh).HasMaxLength(PersonInput.NameMaxLength);
            person.Property(p => p.LastNameTh).HasMaxLength(PersonInput.NameMaxLength);
            person.Property(p => p.NameEn).HasMaxLength(PersonInput.NameEnMaxLength);
            person.Property(p => p.PhoneE164).HasMaxLength(16);
            person.Property(p => p.Email).HasMaxLength(PersonInput.EmailMaxLength);
            person.Property(p => p.LineUserId).HasMaxLength(64);
            person.Property(p => p.PreferredChannel).HasConversion<string>().HasMaxLength(16);
            person.Property(p => p.Language).HasConversion<string>().HasMaxLength(8);
            person.Property(p => p.Version).IsConcurrencyToken();
            person.HasIndex(p => new { p.LastNameTh, p.FirstNameTh });
            person.Ignore(p => p.Phone);
            person.Ignore(p => p.Details);
            person.Ignore(p => p.DisplayName);
            person.Ignore(p => p.IsErased);
        });

        modelBuilder.Entity<Office>(office =>
        {
            office.ToTable("Offices");
            office.HasKey(o => o.Id);
            office.Property(o => o.Id).ValueGeneratedNever();
            office.Property(o => o.Role).HasMaxLength(32);
            office.Property(o => o.Version).IsConcurrencyToken();
            office.HasOne<Person>().WithMany().HasForeignKey(o => o.PersonId).OnDelete(DeleteBehavior.Restrict);
            office.HasOne<Community>().WithMany().HasForeignKey(o => o.CommunityId).OnDelete(DeleteBehavior.Restrict);
            office.HasOne<Division>().WithMany().HasForeignKey(o => o.DivisionId).OnDelete(DeleteBehavior.Restrict);
            office.HasIndex(o => new { o.CommunityId, o.Role, o.StartDate });
            office.HasIndex(o => new { o.Role, o.StartDate });
            office.HasIndex(o => new { o.EndDate, o.TermEndingPublishedAt });
            office.Ignore(o => o.SeatKey);
        });

        modelBuilder.Entity<AccessLogEntry>(entry =>
        {
            entry.ToTable("ContactAccessLog");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).ValueGeneratedNever();
            entry.Property(e => e.AccessorSubject).HasMaxLength(PersonInput.SubjectMaxLength);
            entry.Property(e => e.AccessorRoles).HasMaxLength(200);
            entry.Property(e => e.Purpose).HasMaxLength(32);
            entry.HasIndex(e => new { e.PersonId, e.At });
        });

        modelBuilder.Entity<SeatLock>(seat =>
        {
            seat.ToTable("SeatLocks");
            seat.HasKey(s => s.Key);
            seat.Property(s => s.Key).HasMaxLength(SeatLock.KeyMaxLength);
            seat.HasData(new SeatLock { Key = Application.SeatScopes.Municipality, Counter = 0 });
        });
    }
}

/// <summary>
/// One row per seat (role and community or division): assigning a term first bumps its seat's row in the
/// transaction, so two assignments to the same seat queue up and the second sees the first's term.
/// </summary>
public sealed class SeatLock
{
    public const int KeyMaxLength = 100;

    public required string Key { get; init; }

    public long Counter { get; set; }
}

/// <summary>For <c>dotnet ef</c>: <c>-- --provider SqlServer</c> selects the provider whose migrations to write.</summary>
internal sealed class CommunitiesDesignTimeFactory : IDesignTimeDbContextFactory<CommunitiesDbContext>
{
    public CommunitiesDbContext CreateDbContext(string[] args) => new(DesignTimeDatabase.Options<CommunitiesDbContext>(args));
}
