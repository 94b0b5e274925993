using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Municipal.Scheduling.Domain;

namespace Municipal.Scheduling.Application;

/// <summary>One session as a calendar entry, with what the entry needs to say.</summary>
public sealed record CalendarEntry(Session Session, Venue Venue, Programme Programme, RegistrationStatus? Registration = null);

/// <summary>
/// iCalendar (RFC 5545) for sessions. The UID of a session never changes; SEQUENCE is the session's, which rises
/// with every significant change and on cancellation (STATUS:CANCELLED). Times are written in UTC, which every
/// client shows in its own zone (Asia/Bangkok for the municipality's people) without relying on a VTIMEZONE.
/// </summary>
/// <summary>An iCalendar document and the name to download it as.</summary>
public sealed record CalendarFile(string Ics, string FileName);

public static class Calendars
{
    public const string ContentType = "text/calendar; charset=utf-8";
    private const string ProductId = "-//Municipal//Scheduling//TH";

    public static string Uid(Guid sessionId) => $"session-{sessionId:N}@scheduling.municipal";

    public static string Write(IEnumerable<CalendarEntry> entries, string name, DateTimeOffset now)
    {
        var calendar = new Calendar { ProductId = ProductId, Method = "PUBLISH" };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", BangkokTime.ZoneId);
        foreach (var entry in entries)
        {
            calendar.Events.Add(Event(entry, now));
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalendarEvent Event(CalendarEntry entry, DateTimeOffset now)
    {
        var (session, venue, programme, registration) = entry;
        var description = string.Join("\n", new[] { programme.Title, $"ครั้งที่ {session.Number}" }
            .Concat(session.Agenda.Select((item, i) => $"{i + 1}. {item}")));
        return new CalendarEvent
        {
            Uid = Uid(session.Id),
            Sequence = session.Sequence,
            Summary = session.Title,
            Description = description,
            Location = venue.Detail is { } detail ? $"{venue.Name}, {detail}" : venue.Name,
            DtStart = Utc(session.StartsAt),
            DtEnd = Utc(session.EndsAt),
            DtStamp = Utc(now),
            LastModified = Utc(session.UpdatedAt),
            Status = session.Status == SessionStatus.Cancelled
                ? EventStatus.Cancelled
                : registration == RegistrationStatus.Waitlisted ? EventStatus.Tentative : EventStatus.Confirmed,
        };
    }

    private static CalDateTime Utc(DateTimeOffset instant) =>
        new(DateTime.SpecifyKind(new DateTime(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerSecond), DateTimeKind.Utc), CalDateTime.UtcTzId);
}
