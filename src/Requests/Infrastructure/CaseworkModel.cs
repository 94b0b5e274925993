using Microsoft.EntityFrameworkCore;
using Municipal.Requests.Domain;

namespace Municipal.Requests.Infrastructure;

/// <summary>The tables and columns of casework: proof of the fix (feedback).</summary>
internal static class CaseworkModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ServiceRequest>(request =>
        {
            request.Ignore(r => r.SubmitterCanBeAsked);
            // The feedback question's sweep: resolved requests not asked yet, oldest resolution first.
            request.HasIndex(r => new { r.Status, r.FeedbackAskedAt, r.ResolvedAt });
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
