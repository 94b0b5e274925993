using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Municipal.Messaging.Persistence;
using Municipal.Requests.Domain;
using Municipal.Requests.Domain.Plan;

namespace Municipal.Requests.Infrastructure;

public sealed class RequestsDbContext(DbContextOptions<RequestsDbContext> options) : ServiceDbContext(options)
{
    public DbSet<ServiceRequest> Requests => Set<ServiceRequest>();

    public DbSet<RequestHistoryEntry> History => Set<RequestHistoryEntry>();

    public DbSet<RequestPhoto> Photos => Set<RequestPhoto>();

    public DbSet<RequestSupport> Supports => Set<RequestSupport>();

    public DbSet<RequestCategory> Categories => Set<RequestCategory>();

    public DbSet<Division> Divisions => Set<Division>();

    public DbSet<Community> Communities => Set<Community>();

    /// <summary>The registry's people, as far as a request needs them: who filed it and how to call back.</summary>
    public DbSet<RegistryPerson> People => Set<RegistryPerson>();

    public DbSet<RegistryOfficeTerm> OfficeTerms => Set<RegistryOfficeTerm>();

    public DbSet<Open311ApiKey> Open311Keys => Set<Open311ApiKey>();

    public DbSet<Open311Changeset> Open311Changesets => Set<Open311Changeset>();

    public DbSet<PlanPeriod> PlanPeriods => Set<PlanPeriod>();

    public DbSet<PlanProject> PlanProjects => Set<PlanProject>();

    public DbSet<PlanProjectYear> PlanProjectYears => Set<PlanProjectYear>();

    public DbSet<PlanProjectRequest> PlanProjectRequests => Set<PlanProjectRequest>();

    public DbSet<PlanProgressNote> PlanProgressNotes => Set<PlanProgressNote>();

    public DbSet<RequestFeedback> Feedback => Set<RequestFeedback>();

    public DbSet<RequestEscalation> Escalations => Set<RequestEscalation>();

    public DbSet<DivisionDigest> Digests => Set<DivisionDigest>();

    public DbSet<Officer> Officers => Set<Officer>();

    public DbSet<RequestNote> Notes => Set<RequestNote>();
    /// <summary>Who read which submitter's name and phone, and when (PDPA).</summary>
    public DbSet<ContactRead> ContactReads => Set<ContactRead>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        ConfigureRequests(modelBuilder);
        ConfigureReferenceData(modelBuilder);
        ConfigurePlan(modelBuilder);
        CaseworkModel.Configure(modelBuilder);
    }

    private static void ConfigureRequests(ModelBuilder modelBuilder)
    {
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
            request.Property(r => r.AddressText).HasMaxLength(ServiceRequest.AddressMaxLength);
            request.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
            request.Property(r => r.Status).HasConversion<string>().HasMaxLength(24);
            request.Property(r => r.SubmitterSubject).HasMaxLength(128);
            request.Property(r => r.SubmitterName).HasMaxLength(ContactSubmission.NameMaxLength);
            request.Property(r => r.SubmitterPhone).HasMaxLength(ServiceRequest.PhoneMaxLength);
            request.Property(r => r.SubmitterEmail).HasMaxLength(ServiceRequest.ContactFieldMaxLength);
            request.Property(r => r.SubmitterDeviceId).HasMaxLength(ServiceRequest.ContactFieldMaxLength);
            request.Property(r => r.SubmitterAccountId).HasMaxLength(ServiceRequest.ContactFieldMaxLength);
            request.Property(r => r.DivisionCode).HasMaxLength(32);
            request.Property(r => r.StatusNote).HasMaxLength(TransitionCommand.NoteMaxLength);
            request.Property(r => r.Version).IsConcurrencyToken();
            request.Ignore(r => r.Location);
            request.Ignore(r => r.NeedsLocation);
            request.HasIndex(r => new { r.CommunityId, r.Status });
            request.HasIndex(r => new { r.DivisionCode, r.Status });
            // The duplicate search (DuplicateFinder): category, the open statuses, a box of coordinates, and the id it
            // reads, so that SQLite answers from the index alone (on SQL Server the key is in every index anyway).
            request.HasIndex(r => new { r.Category, r.Status, r.Latitude, r.Longitude, r.Id });
            request.HasIndex(r => r.FiscalYear);
            request.HasIndex(r => r.SubmittedAt);
            request.HasIndex(r => r.SubmitterSubject);
            request.HasIndex(r => r.SubmitterPersonId);
            // One request per issue raised at a meeting, even if the event were published twice.
            request.HasIndex(r => r.SourceIssueId).IsUnique();

            request.HasMany(r => r.History).WithOne().HasForeignKey(h => h.RequestId).OnDelete(DeleteBehavior.Cascade);
            request.HasMany(r => r.Photos).WithOne().HasForeignKey(p => p.RequestId).OnDelete(DeleteBehavior.Cascade);
            request.HasMany(r => r.Supports).WithOne().HasForeignKey(s => s.RequestId).OnDelete(DeleteBehavior.Cascade);
            request.HasMany(r => r.MediaLinks).WithOne().HasForeignKey(m => m.RequestId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RequestMediaLink>(link =>
        {
            link.ToTable("RequestMediaLinks");
            link.HasKey(m => new { m.RequestId, m.Number });
            link.Property(m => m.Url).HasMaxLength(ServiceRequest.MediaUrlMaxLength);
        });

        modelBuilder.Entity<RequestHistoryEntry>(entry =>
        {
            entry.ToTable("RequestHistory");
            entry.HasKey(h => h.Id);
            entry.Property(h => h.Id).ValueGeneratedNever();
            entry.Property(h => h.From).HasConversion<string>().HasMaxLength(24);
            entry.Property(h => h.To).HasConversion<string>().HasMaxLength(24);
            entry.Property(h => h.Note).HasMaxLength(TransitionCommand.NoteMaxLength);
            entry.Property(h => h.DivisionCode).HasMaxLength(32);
            entry.Property(h => h.ActorSubject).HasMaxLength(128);
            entry.Property(h => h.ActorRole).HasMaxLength(32);
            entry.HasIndex(h => new { h.RequestId, h.At });
            entry.HasIndex(h => h.ActorSubject);
        });

        modelBuilder.Entity<RequestPhoto>(photo =>
        {
            photo.ToTable("RequestPhotos");
            // The slot number is part of the key: two uploads racing for the same slot cannot both win.
            photo.HasKey(p => new { p.RequestId, p.Number });
            photo.Property(p => p.ContentType).HasMaxLength(32);
            photo.Property(p => p.FileName).HasMaxLength(64);
            photo.Property(p => p.UploadedBySubject).HasMaxLength(128);
        });

        modelBuilder.Entity<ContactRead>(read =>
        {
            read.ToTable("ContactAccessLog");
            read.HasKey(r => r.Id);
            read.Property(r => r.AccessorSubject).HasMaxLength(200);
            read.Property(r => r.AccessorRoles).HasMaxLength(200);
            read.Property(r => r.Purpose).HasMaxLength(40);
            read.HasIndex(r => new { r.RequestId, r.At });
            read.HasIndex(r => r.At);
        });

        modelBuilder.Entity<RequestSupport>(support =>
        {
            support.ToTable("RequestSupports");
            support.HasKey(s => new { s.RequestId, s.Subject });
            support.Property(s => s.Subject).HasMaxLength(128);
            support.HasIndex(s => s.Subject);
        });
    }

    private static void ConfigureReferenceData(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<RegistryPerson>(person =>
        {
            person.ToTable("RegistryPeople");
            person.HasKey(p => p.Id);
            person.Property(p => p.Id).ValueGeneratedNever();
            person.Property(p => p.Subject).HasMaxLength(128);
            person.Property(p => p.DisplayName).HasMaxLength(260);
            person.Property(p => p.PhoneE164).HasMaxLength(16);
            person.HasIndex(p => p.Subject);
        });

        modelBuilder.Entity<RegistryOfficeTerm>(term =>
        {
            term.ToTable("RegistryOfficeTerms");
            term.HasKey(t => t.Id);
            term.Property(t => t.Id).ValueGeneratedNever();
            term.Property(t => t.Role).HasMaxLength(40);
            term.HasIndex(t => new { t.PersonId, t.CommunityId });
        });

        modelBuilder.Entity<RequestCategory>(category =>
        {
            category.ToTable("Categories");
            category.HasKey(c => c.Code);
            category.Property(c => c.Code).HasMaxLength(32);
            category.Property(c => c.NameTh).HasMaxLength(200);
            category.Property(c => c.NameEn).HasMaxLength(200);
            category.Property(c => c.DivisionCode).HasMaxLength(32);
        });

        modelBuilder.Entity<Division>(division =>
        {
            division.ToTable("Divisions");
            division.HasKey(d => d.Code);
            division.Property(d => d.Code).HasMaxLength(32);
            division.Property(d => d.NameTh).HasMaxLength(200);
            division.Property(d => d.NameEn).HasMaxLength(200);
        });

        modelBuilder.Entity<Community>(community =>
        {
            community.ToTable("Communities");
            community.HasKey(c => c.Id);
            community.Property(c => c.Id).ValueGeneratedNever();
            community.Property(c => c.Code).HasMaxLength(32);
            community.Property(c => c.NameTh).HasMaxLength(200);
            community.Property(c => c.NameEn).HasMaxLength(200);
            community.Property(c => c.Status).HasMaxLength(16);
            community.Ignore(c => c.Centre);
            community.Ignore(c => c.IsActive);
        });

        modelBuilder.Entity<Open311ApiKey>(key =>
        {
            key.ToTable("Open311ApiKeys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).ValueGeneratedNever();
            key.Property(k => k.Name).HasMaxLength(Open311ApiKey.NameMaxLength);
            key.Property(k => k.KeyHash).HasMaxLength(64);
            key.Property(k => k.CreatedBySubject).HasMaxLength(128);
            key.HasIndex(k => k.KeyHash).IsUnique();
            key.Ignore(k => k.IsActive);
        });

        modelBuilder.Entity<Open311Changeset>(changeset =>
        {
            changeset.ToTable("Open311Changesets");
            changeset.HasKey(c => c.Fingerprint);
            changeset.Property(c => c.Fingerprint).HasMaxLength(64);
        });
    }

    private static void ConfigurePlan(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PlanPeriod>(period =>
        {
            period.ToTable("PlanPeriods");
            period.HasKey(p => p.Id);
            period.Property(p => p.Id).ValueGeneratedNever();
            period.Property(p => p.Title).HasMaxLength(PlanPeriod.TitleMaxLength);
            period.HasIndex(p => p.FirstYear).IsUnique();
        });

        modelBuilder.Entity<PlanProject>(project =>
        {
            project.ToTable("PlanProjects");
            project.HasKey(p => p.Id);
            project.Property(p => p.Id).ValueGeneratedNever();
            project.Property(p => p.Title).HasMaxLength(PlanProject.TitleMaxLength);
            project.Property(p => p.Strategy).HasMaxLength(PlanProject.StrategyMaxLength);
            project.Property(p => p.Stage).HasConversion<string>().HasMaxLength(24);
            project.Property(p => p.CreatedBySubject).HasMaxLength(128);
            project.Property(p => p.Version).IsConcurrencyToken();
            project.Ignore(p => p.AcceptsRequests);
            project.HasOne<PlanPeriod>().WithMany().HasForeignKey(p => p.PeriodId).OnDelete(DeleteBehavior.Restrict);
            project.HasMany(p => p.Years).WithOne().HasForeignKey(y => y.ProjectId).OnDelete(DeleteBehavior.Cascade);
            project.HasMany(p => p.Requests).WithOne().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
            project.HasMany(p => p.Notes).WithOne().HasForeignKey(n => n.ProjectId).OnDelete(DeleteBehavior.Cascade);
            project.HasIndex(p => p.Stage);
        });

        modelBuilder.Entity<PlanProjectYear>(year =>
        {
            year.ToTable("PlanProjectYears");
            year.HasKey(y => new { y.ProjectId, y.FiscalYear });
            year.HasIndex(y => y.FiscalYear);
        });

        modelBuilder.Entity<PlanProjectRequest>(link =>
        {
            link.ToTable("PlanProjectRequests");
            link.HasKey(r => new { r.ProjectId, r.RequestId });
            // A request is answered by one project at most.
            link.HasIndex(r => r.RequestId).IsUnique();
            link.HasIndex(r => r.CommunityId);
        });

        modelBuilder.Entity<PlanProgressNote>(note =>
        {
            note.ToTable("PlanProgressNotes");
            note.HasKey(n => n.Id);
            note.Property(n => n.Id).ValueGeneratedNever();
            note.Property(n => n.Stage).HasConversion<string>().HasMaxLength(24);
            note.Property(n => n.Note).HasMaxLength(ProgressReport.NoteMaxLength);
            note.Property(n => n.BySubject).HasMaxLength(128);
            note.HasIndex(n => new { n.ProjectId, n.At });
        });
    }
}

/// <summary>For <c>dotnet ef</c>: <c>-- --provider SqlServer</c> selects the provider whose migrations to write.</summary>
internal sealed class RequestsDesignTimeFactory : IDesignTimeDbContextFactory<RequestsDbContext>
{
    public RequestsDbContext CreateDbContext(string[] args) => new(DesignTimeDatabase.Options<RequestsDbContext>(args));
}
