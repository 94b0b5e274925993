using Microsoft.EntityFrameworkCore;
using Municipal.Requests.Domain;

namespace Municipal.Requests.Infrastructure;

/// <summary>The tables and columns of casework: proof of the fix, escalation, hand-offs and internal notes.</summary>
internal static class CaseworkModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ServiceRequest>(request =>
        {
            request.Ignore(r => r.SubmitterCanBeAsked);
            // The feedback question's sweep: resolved requests not asked yet, oldest resolution first.
            request.HasIndex(r => new { r.Status, r.FeedbackAskedAt, r.ResolvedAt });
            request.Property(r => r.AssigneeSubject).HasMaxLength(128);
            request.Property(r => r.AssigneeName).HasMaxLength(Officer.NameMaxLength);
            request.HasIndex(r => r.AssigneeSubject);
            request.Ignore(r => r.AfterPhotoCount);
            request.Ignore(r => r.BeforePhotoCount);
        });

        modelBuilder.Entity<RequestHistoryEntry>(entry =>
        {
            entry.Property(h => h.Kind).HasMaxLength(16).HasDefaultValue(HistoryKinds.Status);
            entry.Property(h => h.AssigneeName).HasMaxLength(Officer.NameMaxLength);
        });

        modelBuilder.Entity<RequestPhoto>(photo =>
        {
            photo.Property(p => p.Kind).HasConversion<string>().HasMaxLength(8).HasDefaultValue(PhotoKind.Before);
        });

        modelBuilder.Entity<RequestEscalation>(escalation =>
        {
            escalation.ToTable("RequestEscalations");
            escalation.HasKey(e => e.Id);
            escalation.Property(e => e.Id).ValueGeneratedNever();
            escalation.Property(e => e.Threshold).HasConversion<string>().HasMaxLength(16);
            escalation.Property(e => e.Level).HasConversion<string>().HasMaxLength(16);
            escalation.Property(e => e.DivisionCode).HasMaxLength(32);
            // Once per request, threshold, level and division, whichever process or replica gets there first.
            escalation.HasIndex(e => new { e.RequestId, e.Threshold, e.Level, e.DivisionCode }).IsUnique();
            escalation.HasOne<ServiceRequest>().WithMany().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DivisionDigest>(digest =>
        {
            digest.ToTable("DivisionDigests");
            digest.HasKey(d => new { d.DivisionCode, d.Day });
            digest.Property(d => d.DivisionCode).HasMaxLength(32);
        });

        modelBuilder.Entity<Officer>(officer =>
        {
            officer.ToTable("Officers");
            officer.HasKey(o => o.Subject);
            officer.Property(o => o.Subject).HasMaxLength(128);
            officer.Property(o => o.Name).HasMaxLength(Officer.NameMaxLength);
            officer.Property(o => o.DivisionCode).HasMaxLength(32);
            officer.HasIndex(o => o.DivisionCode);
        });

        modelBuilder.Entity<RequestNote>(note =>
        {
            note.ToTable("RequestNotes");
            note.HasKey(n => n.Id);
            note.Property(n => n.Id).ValueGeneratedNever();
            note.Property(n => n.Text).HasMaxLength(RequestNote.TextMaxLength);
            note.Property(n => n.AuthorSubject).HasMaxLength(128);
            note.Property(n => n.AuthorName).HasMaxLength(Officer.NameMaxLength);
            note.HasIndex(n => new { n.RequestId, n.At });
            note.HasIndex(n => n.AuthorSubject);
            note.HasOne<ServiceRequest>().WithMany().HasForeignKey(n => n.RequestId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RequestFeedback>(feedback =>
        {
            feedback.ToTable("RequestFeedback");
            feedback.HasKey(f => f.Id);
            feedback.Property(f => f.Id).ValueGeneratedNever();
            feedback.Property(f => f.Comment).HasMaxLength(FeedbackRules.CommentMaxLength);
            feedback.Property(f => f.Channel).HasMaxLength(FeedbackRules.ChannelMaxLength);
            feedback.Property(f => f.RespondentSubject).HasMaxLength(128);
            feedback.Property(f => f.DivisionCode).HasMaxLength(32);
            feedback.Property(f => f.Category).HasMaxLength(32);
            // One answer counts per request and resolution, even when two arrive at once.
            feedback.HasIndex(f => new { f.RequestId, f.Round }).IsUnique();
            feedback.HasIndex(f => f.RespondentSubject);
            feedback.HasOne<ServiceRequest>().WithMany().HasForeignKey(f => f.RequestId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
