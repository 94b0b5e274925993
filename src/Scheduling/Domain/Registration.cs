namespace Municipal.Scheduling.Domain;

/// <summary>
/// A person's place at a session: a confirmed seat, or a place on the waitlist in arrival order. Status changes
/// happen through conditional updates in the database (so two cancellations of one seat free it once).
/// </summary>
public sealed class Registration
{
    private Registration()
    {
    }

    public Guid Id { get; private set; }

    public Guid SessionId { get; private set; }

    public Guid PersonId { get; private set; }

    /// <summary>The community the person represented when they registered (their most senior community office), if any.</summary>
    public Guid? CommunityId { get; private set; }

    public RegistrationStatus Status { get; private set; }

    /// <summary>Short code for check-in, printed and in the QR image.</summary>
    public string Code { get; private set; } = "";

    /// <summary>The waitlist ticket, when the person was waitlisted: orders the waitlist by arrival.</summary>
    public long? WaitlistTicket { get; private set; }

    public DateTimeOffset RegisteredAt { get; private set; }

    public DateTimeOffset? ConfirmedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public DateTimeOffset? CheckedInAt { get; private set; }

    /// <summary>Registered at the door by staff, and checked in at once.</summary>
    public bool WalkIn { get; private set; }

    /// <summary>Who registered: the person themself or the staff member on their behalf.</summary>
    public string? RegisteredBySubject { get; private set; }

    public static Registration Confirmed(Guid sessionId, Guid personId, Guid? communityId, string code, string? by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SessionId = sessionId,
        PersonId = personId,
        CommunityId = communityId,
        Status = RegistrationStatus.Confirmed,
        Code = code,
        RegisteredAt = now,
        ConfirmedAt = now,
        RegisteredBySubject = by,
    };

    public static Registration Waitlisted(Guid sessionId, Guid personId, Guid? communityId, string code, long ticket, string? by, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        SessionId = sessionId,
        PersonId = personId,
        CommunityId = communityId,
        Status = RegistrationStatus.Waitlisted,
        Code = code,
        WaitlistTicket = ticket,
        RegisteredAt = now,
        RegisteredBySubject = by,
    };

    /// <summary>Someone who came without registering, seated and checked in at the door.</summary>
    public static Registration WalkInAt(Guid sessionId, Guid personId, Guid? communityId, string code, string? by, DateTimeOffset now)
    {
        var registration = Confirmed(sessionId, personId, communityId, code, by, now);
        registration.WalkIn = true;
        registration.CheckedInAt = now;
        return registration;
    }
}

/// <summary>
/// Short codes people read out or type at the door: 8 characters from an alphabet without look-alikes
/// (no 0/O, 1/I/L), about 8.5 × 10^11 codes. Unique across all registrations (a unique index settles it).
/// </summary>
public static class ShortCode
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int Length = 8;

    public static string New() => System.Security.Cryptography.RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>Reads a code as typed: case, spaces and dashes do not matter. Null when it cannot be a code.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null)
        {
            return null;
        }

        var code = new string(typed.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());
        return code.Length == Length && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? code : null;
    }
}

/// <summary>When a registration may be cancelled, and by whom.</summary>
public sealed record CancellationPolicy(TimeSpan Cutoff)
{
    public static readonly TimeSpan DefaultCutoff = TimeSpan.FromHours(24);

    public CancellationDecision Decide(RegistrationStatus status, SessionStatus sessionStatus, DateTimeOffset startsAt, DateTimeOffset now, bool byStaff)
    {
        if (status == RegistrationStatus.Cancelled)
        {
            return CancellationDecision.AlreadyCancelled;
        }

        if (sessionStatus != SessionStatus.Scheduled)
        {
            return CancellationDecision.Refuse($"The session is {sessionStatus.Code()}; its registrations can no longer be cancelled.");
        }

        if (now >= startsAt)
        {
            return CancellationDecision.Refuse("The session has started; its registrations can no longer be cancelled.");
        }

        if (status == RegistrationStatus.Confirmed && !byStaff && now > startsAt - Cutoff)
        {
            var cutoff = BangkokTime.ToLocal(startsAt - Cutoff);
            return CancellationDecision.Refuse(
                $"Seats can be given up until {Cutoff.TotalHours:0.##} hours before the start ({cutoff:yyyy-MM-dd HH:mm} Bangkok time). Ask the municipality's staff.");
        }

        return CancellationDecision.Allow;
    }
}

public sealed record CancellationDecision(bool Allowed, bool WasAlreadyCancelled, string? Reason)
{
    public static readonly CancellationDecision Allow = new(true, false, null);

    public static readonly CancellationDecision AlreadyCancelled = new(false, true, null);

    public static CancellationDecision Refuse(string reason) => new(false, false, reason);
}
