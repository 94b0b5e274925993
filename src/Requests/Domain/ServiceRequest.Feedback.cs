namespace Municipal.Requests.Domain;

// The part of a request that proof of the fix needs: which resolution it is in, how often it was reopened, and
// whether its submitter was asked about the current resolution yet.
public sealed partial class ServiceRequest
{
    /// <summary>How many times it was resolved: 0 before the first, 1 after it, 2 after a reopen and a second resolution…</summary>
    public int ResolutionRound { get; private set; }

    /// <summary>How many times it went back from resolved to in progress (by staff, the submitter, or an answer saying not fixed).</summary>
    public int ReopenCount { get; private set; }

    /// <summary>When the submitter was asked about the current resolution; null until then (and again after each new resolution).</summary>
    public DateTimeOffset? FeedbackAskedAt { get; private set; }

    /// <summary>Whether the service could ask the submitter at all: someone with a sign-in or a person in the registry.</summary>
    public bool SubmitterCanBeAsked => SubmitterSubject is not null || SubmitterPersonId is not null;

    private void StartResolutionRound()
    {
        ResolutionRound++;
        FeedbackAskedAt = null;
    }
}
