using Municipal.Contracts;
using System.Collections.Frozen;

namespace Municipal.Messaging.Outbox;

/// <summary>
/// The aggregate each event belongs to, as the outbox's ordering key: events of one key leave the outbox in the order
/// they were raised, and a parked one holds back the later ones of its key only. Contracts stay plain records, so the
/// map lives here; a new event type gets its line, or <c>EnqueueEvent</c>'s explicit key, or it is ordered with nothing.
/// </summary>
public static class OrderingKeys
{
    private static readonly FrozenDictionary<Type, Func<object, string>> ByType = new Dictionary<Type, Func<object, string>>()
        .With<CommunityRegistered>(m => Key("community", m.CommunityId))
        .With<CommunityChanged>(m => Key("community", m.CommunityId))
        .With<DivisionRegistered>(m => Key("division", m.DivisionId))
        // A person's copy in another service needs registered → changed → erased in order; their offices go with them.
        .With<PersonRegistered>(m => Key("person", m.PersonId))
        .With<PersonContactChanged>(m => Key("person", m.PersonId))
        .With<PersonErased>(m => Key("person", m.PersonId))
        .With<OfficeAssigned>(m => Key("person", m.PersonId))
        .With<OfficeEnded>(m => Key("person", m.PersonId))
        .With<TermEnding>(m => Key("person", m.PersonId))
        .With<AccountClaimCodeIssued>(m => Key("claim", m.ClaimId))
        .With<RequestSubmitted>(m => Key("request", m.RequestId))
        .With<RequestStatusChanged>(m => Key("request", m.RequestId))
        .With<RequestPlaced>(m => Key("request", m.RequestId))
        .With<RequestFeedbackRequested>(m => Key("request", m.RequestId))
        .With<RequestFeedbackGiven>(m => Key("request", m.RequestId))
        .With<RequestFeedbackRecorded>(m => Key("request", m.RequestId))
        .With<RequestEscalated>(m => Key("request", m.RequestId))
        .With<RequestRerouted>(m => Key("request", m.RequestId))
        .With<RequestAssignedToOfficer>(m => Key("request", m.RequestId))
        .With<DivisionOverdueDigest>(m => $"digest:{m.DivisionCode}")
        .With<RequestSubmitterErased>(m => Key("request", m.RequestId))
        .With<PlanProjectProgressed>(m => Key("project", m.ProjectId))
        .With<SessionRescheduled>(m => Key("session", m.Session.SessionId))
        .With<SessionCancelled>(m => Key("session", m.Session.SessionId))
        .With<IssueRaisedAtSession>(m => Key("issue", m.IssueId))
        .With<InvitationIssued>(m => Key("invitation", m.InvitationId))
        .With<RegistrationConfirmed>(m => Key("registration", m.RegistrationId))
        .With<RegistrationWaitlisted>(m => Key("registration", m.RegistrationId))
        .With<RegistrationPromoted>(m => Key("registration", m.RegistrationId))
        .With<RegistrationCancelled>(m => Key("registration", m.RegistrationId))
        .With<SessionReminderDue>(m => Key("registration", m.RegistrationId))
        // A LINE reporter's reports and supports reach Requests before their erasure.
        .With<LineReportCompleted>(m => $"line-reporter:{m.ReporterSubject}")
        .With<LineSupportGiven>(m => $"line-reporter:{m.SupporterSubject}")
        .With<LineReporterErased>(m => $"line-reporter:{m.ReporterSubject}")
        .ToFrozenDictionary();

    /// <summary>The event's ordering key, e.g. <c>person:5f0c…</c>; null for a type without one.</summary>
    public static string? For(object message) => ByType.TryGetValue(message.GetType(), out var key) ? key(message) : null;

    public static bool Covers(Type messageType) => ByType.ContainsKey(messageType);

    private static string Key(string aggregate, Guid id) => $"{aggregate}:{id:D}";

    private static Dictionary<Type, Func<object, string>> With<T>(this Dictionary<Type, Func<object, string>> map, Func<T, string> key)
    {
        map.Add(typeof(T), message => key((T)message));
        return map;
    }
}
