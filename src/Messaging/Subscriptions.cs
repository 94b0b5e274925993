using Municipal.Contracts;

namespace Municipal.Messaging;

/// <summary>
/// Who listens to what: each service's receive endpoint (one queue per service) and the events it
/// consumes. Every service declares this whole map on the broker before its outbox publishes, so an
/// event published before its subscriber has ever started waits in the subscriber's queue instead of
/// being dropped. A service's consumers must match its entry (checked at start-up and in tests).
/// </summary>
public static class Subscriptions
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Type>> ByEndpoint = new Dictionary<string, IReadOnlyList<Type>>
    {
        ["communities"] = [],
        ["scheduling"] =
        [
            typeof(CommunityRegistered),
            typeof(CommunityChanged),
            typeof(PersonRegistered),
            typeof(PersonContactChanged),
            typeof(PersonErased),
            typeof(OfficeAssigned),
            typeof(OfficeEnded),
        ],
        ["requests"] =
        [
            typeof(CommunityRegistered),
            typeof(CommunityChanged),
            typeof(DivisionRegistered),
            typeof(IssueRaisedAtSession),
            typeof(PersonRegistered),
            typeof(PersonContactChanged),
            typeof(PersonErased),
            typeof(OfficeAssigned),
            typeof(OfficeEnded),
            typeof(RequestFeedbackGiven),
            typeof(LineReportCompleted),
            typeof(LineSupportGiven),
            typeof(LineReporterErased),
        ],
        ["notifications"] =
        [
            typeof(PersonRegistered),
            typeof(PersonContactChanged),
            typeof(PersonErased),
            typeof(OfficeAssigned),
            typeof(OfficeEnded),
            typeof(TermEnding),
            typeof(AccountClaimCodeIssued),
            typeof(InvitationIssued),
            typeof(RegistrationConfirmed),
            typeof(RegistrationWaitlisted),
            typeof(RegistrationPromoted),
            typeof(RegistrationCancelled),
            typeof(SessionRescheduled),
            typeof(SessionCancelled),
            typeof(SessionReminderDue),
            typeof(RequestSubmitted),
            typeof(RequestStatusChanged),
            typeof(RequestPlaced),
            typeof(RequestSubmitterErased),
            typeof(PlanProjectProgressed),
            typeof(RequestFeedbackRequested),
            typeof(RequestFeedbackRecorded),
            typeof(RequestEscalated),
            typeof(DivisionOverdueDigest),
            typeof(RequestRerouted),
            typeof(RequestAssignedToOfficer),
        ],
    };

    /// <summary>Events that at least one endpoint consumes: published as mandatory, so an unroutable one is retried, not lost.</summary>
    public static bool HasSubscribers(Type messageType) => ByEndpoint.Values.Any(types => types.Contains(messageType));

    /// <summary>The exchange MassTransit publishes a contract to on RabbitMQ, e.g. <c>Municipal.Contracts:RequestSubmitted</c>.</summary>
    public static string ExchangeName(Type messageType) => $"{messageType.Namespace}:{messageType.Name}";
}
