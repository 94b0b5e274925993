using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Municipal.Contracts;
using Municipal.Notifications.Domain;

namespace Municipal.Notifications.Rendering;

/// <summary>
/// The iCalendar object (RFC 5545, iTIP RFC 5546) a meeting notice carries: <c>METHOD:REQUEST</c> to put
/// or update the session in the person's calendar, <c>METHOD:CANCEL</c> to take it out. The UID is the
/// session's stable one (the same Scheduling's own <c>.ics</c> uses), the SEQUENCE the session's, and
/// times are UTC, so a calendar shows them in its own zone without a VTIMEZONE.
/// </summary>
public static class MeetingInvite
{
    public const string Request = "REQUEST";
    public const string Cancel = "CANCEL";
    private const string ProductId = "-//Municipal//Notifications//TH";

    /// <summary>Agreed with Scheduling: <c>session-{id:N}@scheduling.municipal</c>.</summary>
    public static string Uid(Guid sessionId) => $"session-{sessionId:N}@scheduling.municipal";

    public static string Build(
        SessionSnapshot session, string method, string summary, string description,
        string organizerEmail, string organizerName, string attendeeEmail, string? attendeeName, DateTimeOffset now)
    {
        var calendar = new Calendar { ProductId = ProductId, Method = method };
        var cancelled = method == Cancel;
        var attendee = new Attendee($"mailto:{attendeeEmail}")
        {
            CommonName = attendeeName,
            Role = "REQ-PARTICIPANT",
            ParticipationStatus = cancelled ? "DECLINED" : "NEEDS-ACTION",
            Rsvp = false,
        };
        calendar.Events.Add(new CalendarEvent
        {
            Uid = Uid(session.SessionId),
            Sequence = session.Sequence,
            Summary = summary,
            Description = description,
            Location = session.VenueDetail is { Length: > 0 } detail ? $"{session.VenueName}, {detail}" : session.VenueName,
            DtStart = Utc(session.StartsAt),
            DtEnd = Utc(session.EndsAt),
            DtStamp = Utc(now),
            Status = cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Organizer = new Organizer($"mailto:{organizerEmail}") { CommonName = organizerName },
            Attendees = [attendee],
        });
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalDateTime Utc(DateTimeOffset instant) =>
        new(DateTime.SpecifyKind(new DateTime(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc), CalDateTime.UtcTzId);
}
