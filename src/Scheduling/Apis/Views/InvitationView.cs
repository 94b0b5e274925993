using Municipal.Scheduling.Application;

namespace Municipal.Scheduling.Apis;

public sealed record InvitationRoundView(int Issued, int Total)
{
    public static InvitationRoundView From(InvitationRound r) => new(r.Issued, r.Total);
}

public sealed record InvitationView(Guid Id, Guid PersonId, string? Name, string Role, DateTimeOffset IssuedAt)
{
    public static InvitationView From(InvitationLine l) =>
        new(l.Invitation.Id, l.Invitation.PersonId, l.Name, l.Invitation.Role, BangkokTime.ToLocal(l.Invitation.IssuedAt));
}
