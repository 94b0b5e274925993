using System.Diagnostics.Metrics;

namespace Municipal.Requests;

/// <summary>Business metrics of the Requests service, shown in the Aspire dashboard.</summary>
internal static class RequestsTelemetry
{
    private static readonly Meter Meter = new("Municipal.Requests");

    public static readonly Counter<long> Submitted = Meter.CreateCounter<long>(
        "municipal.requests.submitted", "{request}", "Requests submitted, by category and channel.");

    public static readonly Counter<long> Transitions = Meter.CreateCounter<long>(
        "municipal.requests.transitions", "{transition}", "Requests changing state, by the state they reach.");

    public static readonly Counter<long> PhotosStored = Meter.CreateCounter<long>(
        "municipal.requests.photos", "{photo}", "Photos stored with requests.");

    public static readonly Counter<long> FeedbackRequested = Meter.CreateCounter<long>(
        "municipal.requests.feedback.requested", "{question}", "Submitters asked whether their request was fixed.");

    public static readonly Counter<long> FeedbackRecorded = Meter.CreateCounter<long>(
        "municipal.requests.feedback.recorded", "{answer}", "Answers about the fix that counted, by whether it was fixed.");

    public static readonly Counter<long> Escalated = Meter.CreateCounter<long>(
        "municipal.requests.escalated", "{escalation}", "Overdue requests escalated, by threshold and level.");
    public static readonly Counter<long> ContactReads = Meter.CreateCounter<long>(
        "municipal.requests.contact_reads", "{read}", "Reads of a submitter's name and phone by someone else, each in the access log.");
}
