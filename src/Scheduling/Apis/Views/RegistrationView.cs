using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;

namespace Municipal.Scheduling.Apis;

/// <param name="Position">1-based place on the waitlist while waitlisted.</param>
/// <param name="Name">The person's name, shown to officials only.</param>
public sealed record RegistrationView(
    Guid Id, Guid SessionId, Guid PersonId, string? Name, Guid? CommunityId, RegistrationStatus Status, int? Position, string Code,
    DateTimeOffset RegisteredAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? CancelledAt, DateTimeOffset? CheckedInAt, bool WalkIn,
    string QrPng, string QrSvg)
{
    public static RegistrationView From(Registration r, int? position, string? name = null) => new(
        r.Id, r.SessionId, r.PersonId, name, r.CommunityId, r.Status, r.Status == RegistrationStatus.Waitlisted ? position : null, r.Code,
        Local(r.RegisteredAt)!.Value, Local(r.ConfirmedAt), Local(r.CancelledAt), Local(r.CheckedInAt), r.WalkIn,
        $"/api/scheduling/registrations/{r.Id}/qr.png", $"/api/scheduling/registrations/{r.Id}/qr.svg");

    public static RegistrationView From(Registered r) => From(r.Registration, r.Position);

    public static RegistrationView From(RegistrationLine l) => From(l.Registration, l.Position, l.Name);

    private static DateTimeOffset? Local(DateTimeOffset? instant) => instant is { } value ? BangkokTime.ToLocal(value) : null;
}

public sealed record CheckInView(RegistrationView Registration, bool AlreadyCheckedIn)
{
    public static CheckInView From(CheckedIn c) => new(RegistrationView.From(c.Registration, null, c.Name), c.AlreadyCheckedIn);
}
