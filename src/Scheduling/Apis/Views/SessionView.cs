using Municipal.Edge;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;

namespace Municipal.Scheduling.Apis;

/// <param name="StartsAt">The instant, written in Bangkok time (+07:00).</param>
/// <param name="When">When it takes place, for people, in the requested language (Thai: B.E. dates).</param>
/// <param name="SeatsLeft">Seats still free; 0 means new registrations go on the waitlist.</param>
/// <param name="ProgrammeTitle">The programme the session belongs to, so a list of sessions from several programmes reads well.</param>
/// <param name="Minutes">
/// Officials only (staff, executives, admins); null for everyone else. The schedule is public, but the minutes are what
/// staff typed at the meeting: who spoke, what they raised, a phone number to call back.
/// </param>
public sealed record SessionView(
    Guid Id, Guid ProgrammeId, string? ProgrammeTitle, int Number, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string When,
    VenueView Venue, int Capacity, int Confirmed, int SeatsLeft, IReadOnlyList<string> Agenda, SessionStatus Status,
    int Sequence, int Version, string? CancellationReason, int? AttendeeCount, string? Minutes)
{
    public static SessionView From(SessionAt at, Language language, Caller viewer)
    {
        var s = at.Session;
        return new(
            s.Id, s.ProgrammeId, at.ProgrammeTitle, s.Number, s.Title, BangkokTime.ToLocal(s.StartsAt), BangkokTime.ToLocal(s.EndsAt),
            Languages.FormatWhen(s.StartsAt, s.EndsAt, language), VenueView.From(at.Venue), s.Capacity, s.ConfirmedCount,
            s.Status == SessionStatus.Scheduled ? Math.Max(0, s.Capacity - s.ConfirmedCount) : 0,
            s.Agenda, s.Status, s.Sequence, s.Version, s.CancellationReason, s.AttendeeCount, viewer.IsOfficial ? s.Minutes : null);
    }
}
