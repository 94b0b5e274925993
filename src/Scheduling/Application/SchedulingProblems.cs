using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Application;

/// <summary>
/// Scheduling's own kinds of refusal (docs/scheduling.md, "Problem kinds"). The extension members named here carry
/// what a client needs to say the refusal in its own language.
/// </summary>
public static class SchedulingProblems
{
    /// <summary>422: the signed-in account is linked to no person the registry has announced.</summary>
    public static readonly ProblemType NotLinkedToRegistry = new("not-linked-to-registry", 422, "Your account is not linked to a person in the registry.");

    /// <summary>422: an id or code in the request names nothing usable; <c>field</c> says which.</summary>
    public static readonly ProblemType UnknownReference = new("unknown-reference", 422, "The request names something that does not exist.");

    /// <summary>409: the venue is booked by another session at that time; <c>conflictingSessionId</c>.</summary>
    public static readonly ProblemType SessionClash = new("session-clash", 409, "The venue is booked by another session at that time.");

    /// <summary>409: the fiscal year already has a programme with this title; <c>programmeId</c>.</summary>
    public static readonly ProblemType ProgrammeExists = new("programme-exists", 409, "The fiscal year already has a programme with this title.");

    /// <summary>409: the programme already has a session with this number; <c>number</c>.</summary>
    public static readonly ProblemType SessionNumberTaken = new("session-number-taken", 409, "The programme already has a session with this number.");

    /// <summary>409: the session is cancelled or completed, and this needs a scheduled session; <c>sessionStatus</c>.</summary>
    public static readonly ProblemType SessionNotScheduled = new("session-not-scheduled", 409, "The session is no longer scheduled.");

    /// <summary>409: the session has started, and this is done only before; <c>startsAt</c>.</summary>
    public static readonly ProblemType SessionStarted = new("session-started", 409, "The session has started.");

    /// <summary>409: the session has not started, and this is done only during or after it; <c>startsAt</c>.</summary>
    public static readonly ProblemType SessionNotStarted = new("session-not-started", 409, "The session has not taken place yet.");

    /// <summary>409: fewer seats than are already confirmed; <c>confirmed</c>.</summary>
    public static readonly ProblemType CapacityBelowConfirmed = new("capacity-below-confirmed", 409, "The capacity cannot go below the confirmed seats.");

    /// <summary>409: check-in opens a while before the start; <c>opensAt</c>.</summary>
    public static readonly ProblemType CheckInNotOpen = new("check-in-not-open", 409, "Check-in has not opened yet.");

    /// <summary>409: check-in closed a while after the session's end; <c>closedAt</c>.</summary>
    public static readonly ProblemType CheckInClosed = new("check-in-closed", 409, "Check-in has closed.");

    /// <summary>409: the registration was cancelled.</summary>
    public static readonly ProblemType RegistrationCancelled = new("registration-cancelled", 409, "The registration was cancelled.");

    /// <summary>409: the person is on the waitlist, so has no seat to check in to; <c>position</c>.</summary>
    public static readonly ProblemType Waitlisted = new("waitlisted", 409, "The person is on the waitlist and no seat is free.");

    /// <summary>409: every seat is taken, so no walk-in can be seated.</summary>
    public static readonly ProblemType NoFreeSeat = new("no-free-seat", 409, "No seat is free.");

    /// <summary>409: the person already has a registration for the session.</summary>
    public static readonly ProblemType AlreadyRegistered = new("already-registered", 409, "The person is already registered for the session.");

    /// <summary>409: a registration is given up only until a cutoff before the start; <c>detail</c> says why not now.</summary>
    public static readonly ProblemType CancellationClosed = new("cancellation-closed", 409, "The registration cannot be cancelled now.");

    /// <summary>409: a venue with this name exists.</summary>
    public static readonly ProblemType VenueExists = new("venue-exists", 409, "A venue with this name exists.");
}
