using Municipal.ServiceDefaults;

namespace Municipal.Notifications.Domain;

/// <summary>
/// A request as Requests announced it (<c>RequestSubmitted</c>, <c>RequestStatusChanged</c>): what the LINE chat needs
/// to offer "me too" on an open request of the same kind nearby, and to answer "เรื่องของฉัน". An older event never
/// overwrites a newer state. Requests from before this copy existed are not in it.
/// </summary>
public sealed class RequestCopy
{
    private RequestCopy()
    {
    }

    public Guid Id { get; private set; }

    public string Number { get; private set; } = "";

    public string Category { get; private set; } = "";

    public string Title { get; private set; } = "";

    /// <summary>The wire code, e.g. <c>in-progress</c>.</summary>
    public string Status { get; private set; } = "";

    public string? StatusNote { get; private set; }

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    /// <summary>When staff last placed it (<c>RequestPlaced</c>); null while the point is the one it was submitted with.</summary>
    public DateTimeOffset? LocatedAt { get; private set; }

    /// <summary>Whose it is: a sign-in subject or a LINE reporter's <c>line:…</c> subject.</summary>
    public string? SubmitterSubject { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    /// <summary>
    /// The latest round of "แก้ไขแล้วหรือยัง" that has an answer: given in the LINE chat (and sent on to Requests), or
    /// recorded by Requests (<c>RequestFeedbackRecorded</c>). One answer counts per round; null while none.
    /// </summary>
    public int? AnsweredRound { get; private set; }

    /// <summary>The time of the event the state is from.</summary>
    public DateTimeOffset AsOf { get; private set; }

    public GeoPoint? Location => Latitude is { } lat && Longitude is { } lon ? new GeoPoint(lat, lon) : null;

    /// <summary>The states in which a request is still open (Requests' <c>RequestStatuses.Open</c>).</summary>
    public static readonly IReadOnlySet<string> OpenStatuses = new HashSet<string>(StringComparer.Ordinal)
    {
        "submitted", "triaged", "in-progress", "needs-budget", "proposed-for-plan",
    };

    public bool IsOpen => OpenStatuses.Contains(Status);

    public static RequestCopy Submitted(
        Guid id, string number, string category, string title, string? submitterSubject, double? latitude, double? longitude, DateTimeOffset at) => new()
    {
        Id = id,
        Number = number,
        Category = category,
        Title = title,
        Status = "submitted",
        SubmitterSubject = submitterSubject,
        Latitude = latitude,
        Longitude = longitude,
        SubmittedAt = at,
        AsOf = at,
    };

    /// <summary>A change arrived before the submission (a redelivery overtook it): the state now, the rest later.</summary>
    public static RequestCopy Changed(Guid id, string number, string category, string? submitterSubject, string status, string? note, DateTimeOffset at) => new()
    {
        Id = id,
        Number = number,
        Category = category,
        Status = status,
        StatusNote = note,
        SubmitterSubject = submitterSubject,
        SubmittedAt = at,
        AsOf = at,
    };

    /// <summary>The submission's details for a copy a change made first; its state, and a point staff placed, stay the newer ones.</summary>
    public void Fill(string title, double? latitude, double? longitude, DateTimeOffset submittedAt)
    {
        Title = title;
        if (LocatedAt is null)
        {
            Latitude = latitude;
            Longitude = longitude;
        }

        SubmittedAt = submittedAt;
    }

    /// <summary>Where staff placed it; false (and nothing changes) when a later placement is held already.</summary>
    public bool Locate(double latitude, double longitude, DateTimeOffset at)
    {
        if (LocatedAt is { } held && at < held)
        {
            return false;
        }

        Latitude = latitude;
        Longitude = longitude;
        LocatedAt = at;
        return true;
    }

    /// <summary>A newer state; false (and nothing changes) when the event is older than what is held.</summary>
    public bool Move(string status, string? note, DateTimeOffset at)
    {
        if (at < AsOf)
        {
            return false;
        }

        Status = status;
        StatusNote = note;
        AsOf = at;
        return true;
    }

    /// <summary>Whether an answer about this round (or a later one) is held already.</summary>
    public bool HasAnswerFor(int round) => AnsweredRound >= round;

    /// <summary>An answer about <paramref name="round"/> was given or recorded; an older round never moves it back.</summary>
    public void Answered(int round)
    {
        if (!(AnsweredRound >= round))
        {
            AnsweredRound = round;
        }
    }

    /// <summary>The submitter asked to be forgotten: the request stays, no longer theirs.</summary>
    public void ForgetSubmitter() => SubmitterSubject = null;
}
