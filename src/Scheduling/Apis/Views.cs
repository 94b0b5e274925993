using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;

namespace Municipal.Scheduling.Apis;

public sealed record VenueView(Guid Id, string Name, string? Building, string? Floor, int Capacity)
{
    public static VenueView From(Venue v) => new(v.Id, v.Name, v.Building, v.Floor, v.Capacity);
}

/// <param name="FiscalYear">The Thai fiscal year, B.E. (e.g. 2563).</param>
/// <param name="FiscalYearLabel">In the requested language: <c>ปีงบประมาณ 2563</c>.</param>
public sealed record ProgrammeView(
    Guid Id, int FiscalYear, string FiscalYearLabel, DateOnly StartsOn, DateOnly EndsOn, string Title, string? Description,
    IReadOnlyList<string> TargetRoles, IReadOnlyList<SessionView>? Sessions)
{
    public static ProgrammeView From(Programme p, Language language, IReadOnlyList<SessionView>? sessions = null) => new(
        p.Id, p.FiscalYear, p.Year.Label(language), p.Year.FirstDay, p.Year.LastDay, p.Title, p.Description, p.TargetRoles, sessions);
}

/// <param name="StartsAt">The instant, written in Bangkok time (+07:00).</param>
/// <param name="When">When it takes place, for people, in the requested language (Thai: B.E. dates).</param>
/// <param name="SeatsLeft">Seats still free; 0 means new registrations go on the waitlist.</param>
public sealed record SessionView(
    Guid Id, Guid ProgrammeId, int Number, string Title, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string When,
    VenueView Venue, int Capacity, int Confirmed, int SeatsLeft, IReadOnlyList<string> Agenda, SessionStatus Status,
    int Sequence, int Version, string? CancellationReason, int? AttendeeCount, string? Minutes)
{
    public static SessionView From(Session s, Venue venue, Language language) => new(
        s.Id, s.ProgrammeId, s.Number, s.Title, BangkokTime.ToLocal(s.StartsAt), BangkokTime.ToLocal(s.EndsAt),
        Languages.FormatWhen(s.StartsAt, s.EndsAt, language), VenueView.From(venue), s.Capacity, s.ConfirmedCount,
        s.Status == SessionStatus.Scheduled ? Math.Max(0, s.Capacity - s.ConfirmedCount) : 0,
        s.Agenda, s.Status, s.Sequence, s.Version, s.CancellationReason, s.AttendeeCount, s.Minutes);
}

/// <param name="Position">1-based place on the waitlist while waitlisted.</param>
/// <param name="Name">The person's name, shown to officials only.</param>
public sealed record RegistrationView(
    Guid Id, Guid SessionId, Guid PersonId, string? Name, RegistrationStatus Status, int? Position, string Code,
    DateTimeOffset RegisteredAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? CancelledAt, DateTimeOffset? CheckedInAt, bool WalkIn,
    string QrPng, string QrSvg)
{
    public static RegistrationView From(Registration r, int? position, string? name = null) => new(
        r.Id, r.SessionId, r.PersonId, name, r.Status, r.Status == RegistrationStatus.Waitlisted ? position : null, r.Code,
        Local(r.RegisteredAt)!.Value, Local(r.ConfirmedAt), Local(r.CancelledAt), Local(r.CheckedInAt), r.WalkIn,
        $"/api/scheduling/registrations/{r.Id}/qr.png", $"/api/scheduling/registrations/{r.Id}/qr.svg");

    public static RegistrationView From(Registered r) => From(r.Registration, r.Position);

    private static DateTimeOffset? Local(DateTimeOffset? instant) => instant is { } value ? BangkokTime.ToLocal(value) : null;
}

public sealed record CheckInView(RegistrationView Registration, bool AlreadyCheckedIn);

public sealed record InvitationRoundView(int Issued, int Total);

public sealed record InvitationView(Guid Id, Guid PersonId, string? Name, string Role, DateTimeOffset IssuedAt);

public sealed record IssueView(
    Guid Id, Guid SessionId, Guid CommunityId, string Category, string Description, Municipal.ServiceDefaults.GeoPoint? Location, DateTimeOffset RaisedAt)
{
    public static IssueView From(RaisedIssue i) => new(i.Id, i.SessionId, i.CommunityId, i.Category, i.Description,
        i.Latitude is { } lat && i.Longitude is { } lon ? new Municipal.ServiceDefaults.GeoPoint(lat, lon) : null, BangkokTime.ToLocal(i.RaisedAt));
}

/// <param name="Path">The secret address of the caller's calendar feed, under the gateway. Keep it private.</param>
public sealed record FeedView(string Path);
