using Microsoft.EntityFrameworkCore;
using Municipal.Notifications.Domain;

namespace Municipal.Notifications.Infrastructure;

/// <summary>The table of staff announcements (their deliveries are ordinary rows of <c>Deliveries</c>, by event key).</summary>
internal static class AnnouncementsModel
{
    public static void Configure(ModelBuilder modelBuilder) => modelBuilder.Entity<Announcement>(announcement =>
    {
        announcement.ToTable("Announcements");
        announcement.HasKey(a => a.Id);
        announcement.Property(a => a.Id).ValueGeneratedNever();
        announcement.Property(a => a.Audience).HasMaxLength(16);
        announcement.Property(a => a.Title).HasMaxLength(Announcement.TitleMaxLength);
        announcement.Property(a => a.Message).HasMaxLength(Announcement.MessageMaxLength);
        announcement.Property(a => a.SentBySubject).HasMaxLength(128);
        announcement.Ignore(a => a.EventKey);
        announcement.HasIndex(a => a.SentAt);
        announcement.HasIndex(a => a.SentBySubject);
    });
}
