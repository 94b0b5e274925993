using Municipal.Edge;
using Municipal.Scheduling.Domain;

namespace Municipal.Scheduling.Application;

/// <summary>The refusals several of Scheduling's use cases give, written once.</summary>
public static class Refusals
{
    public static readonly Refusal NotLinkedToRegistry = Refusal.Of(SchedulingProblems.NotLinkedToRegistry, detail:
        "People are known here once the municipality's registry has announced them. Ask the municipality's staff to register you with your sign-in account; then try again.");

    public static readonly Refusal NoSuchSession = Refusal.NotFound("No such session.");

    public static readonly Refusal NoSuchRegistration = Refusal.NotFound("No such registration.");

    public static readonly Refusal NoSuchProgramme = Refusal.NotFound("No such programme.");

    /// <summary>422 naming the field whose id or code refers to nothing usable.</summary>
    public static Refusal UnknownReference(string field, string title, string? detail = null) =>
        Refusal.Of(SchedulingProblems.UnknownReference, title, detail).With("field", field);

    public static Refusal PersonNotInRegistry(string detail) =>
        UnknownReference("personId", "The person is not in the registry.", detail);

    public static Refusal NotScheduled(SessionStatus status, string title, string? detail = null) =>
        Refusal.Of(SchedulingProblems.SessionNotScheduled, title, detail).With("sessionStatus", status.Code());

    public static Refusal Started(Session session, string title, string? detail = null) =>
        Refusal.Of(SchedulingProblems.SessionStarted, title, detail).With("startsAt", BangkokTime.ToLocal(session.StartsAt));

    public static Refusal NotStarted(Session session, string title, string? detail = null) =>
        Refusal.Of(SchedulingProblems.SessionNotStarted, title, detail).With("startsAt", BangkokTime.ToLocal(session.StartsAt));
}
