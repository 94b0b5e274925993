using Municipal.Contracts;
using Municipal.ServiceDefaults;

namespace Municipal.Notifications.Domain.Line;

/// <summary>Where a report in the LINE chat stands: what the chat asks for next.</summary>
public enum ChatStep
{
    /// <summary>Which kind of problem (a request category)?</summary>
    Category,

    /// <summary>One to three photos, or skip.</summary>
    Photos,

    /// <summary>A pin inside the municipality, or the place in words.</summary>
    Location,

    /// <summary>An open request of the same kind is near: "me too", or report anew.</summary>
    MeToo,

    /// <summary>A short description, or skip; then the report is sent.</summary>
    Description,

    /// <summary>They asked to have their data deleted: confirm, or not.</summary>
    ConfirmErasure,
}

/// <summary>
/// One LINE user's report in progress (one at a time): the chat's state machine. Every answer moves it on or keeps it
/// where it is; nothing leaves it until <see cref="Complete"/>. A conversation left half-way longer than the timeout
/// expires: what it held is dropped and nothing is reported. Personal data (photos, place): deleted when it ends.
/// </summary>
public sealed class LineConversation
{
    public const int MaxPhotos = 3;
    public const int AddressMaxLength = 300;
    public const int DescriptionMaxLength = 4000;

    private LineConversation()
    {
    }

    public string LineUserId { get; private set; } = "";

    public ChatStep Step { get; private set; }

    public string? Category { get; private set; }

    /// <summary>LINE message ids of the photos, comma-separated (they are digits).</summary>
    public string PhotoMessageIds { get; private set; } = "";

    public double? Latitude { get; private set; }

    public double? Longitude { get; private set; }

    public string? AddressText { get; private set; }

    /// <summary>The set of images sent together that is arriving (LINE's <c>imageSet.id</c>), and how many of it arrived.</summary>
    public string? ImageSetId { get; private set; }

    public int ImageSetArrived { get; private set; }

    /// <summary>The open request offered for "me too".</summary>
    public Guid? CandidateRequestId { get; private set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When LINE says the user last answered (the event's timestamp): the clock of expiry.</summary>
    public DateTimeOffset LastActivityAt { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<string> Photos => PhotoMessageIds.Length == 0 ? [] : PhotoMessageIds.Split(',');

    public GeoPoint? Location => Latitude is { } lat && Longitude is { } lon ? new GeoPoint(lat, lon) : null;

    public static LineConversation Start(string lineUserId, DateTimeOffset at) => new()
    {
        LineUserId = lineUserId,
        Step = ChatStep.Category,
        StartedAt = at,
        LastActivityAt = at,
    };

    /// <summary>Asked to confirm the erasure of their data (it holds no report).</summary>
    public static LineConversation AskErasure(string lineUserId, DateTimeOffset at) => new()
    {
        LineUserId = lineUserId,
        Step = ChatStep.ConfirmErasure,
        StartedAt = at,
        LastActivityAt = at,
    };

    /// <summary>Nobody answered for longer than <paramref name="timeout"/> before <paramref name="at"/>.</summary>
    public bool HasExpired(DateTimeOffset at, TimeSpan timeout) => at - LastActivityAt > timeout;

    /// <summary>An answer came at <paramref name="at"/> (an older, redelivered one does not move the clock back).</summary>
    public void Touch(DateTimeOffset at)
    {
        if (at > LastActivityAt)
        {
            LastActivityAt = at;
        }

        Version++;
    }

    public void ChooseCategory(string category)
    {
        Require(ChatStep.Category);
        Category = category;
        Step = ChatStep.Photos;
    }

    /// <summary>Adds a photo; false when it has three already. With the third it moves on to the place.</summary>
    public bool AddPhoto(string messageId)
    {
        if (Step is not (ChatStep.Photos or ChatStep.Location) || Photos.Count >= MaxPhotos || Photos.Contains(messageId))
        {
            return false;
        }

        PhotoMessageIds = string.Join(',', Photos.Append(messageId));
        if (Step == ChatStep.Photos && Photos.Count == MaxPhotos)
        {
            Step = ChatStep.Location;
        }

        return true;
    }

    /// <summary>
    /// One image of a set sent together arrived, taken or not. LINE sends each in a call of its own and promises no
    /// order: true when this one is the last of the set to arrive, whatever its index, so the set is answered once. A new
    /// set starts the count again.
    /// </summary>
    public bool ArrivedOfSet(string setId, int total)
    {
        if (ImageSetId != setId)
        {
            ImageSetId = setId;
            ImageSetArrived = 0;
        }

        ImageSetArrived++;
        return ImageSetArrived >= total;
    }

    public void PhotosDone()
    {
        Require(ChatStep.Photos);
        Step = ChatStep.Location;
    }

    /// <summary>
    /// The pin they sent. Outside the municipality it is refused (false) and the chat asks again: a pin far away is a
    /// slip of the finger more often than a report for another town.
    /// </summary>
    public bool Pin(GeoPoint point, string? address)
    {
        if (Step is not (ChatStep.Photos or ChatStep.Location))
        {
            throw new InvalidOperationException($"A pin is not asked for at {Step}.");
        }

        if (!MunicipalArea.Contains(point))
        {
            Step = ChatStep.Location;
            return false;
        }

        Latitude = point.Latitude;
        Longitude = point.Longitude;
        AddressText = Cut(address, AddressMaxLength);
        Step = ChatStep.Description;
        return true;
    }

    /// <summary>The place in words instead of a pin: kept for staff to place.</summary>
    public void DescribePlace(string text)
    {
        Require(ChatStep.Location);
        AddressText = Cut(text, AddressMaxLength);
        Step = ChatStep.Description;
    }

    /// <summary>An open request of the same kind is near the pin: offer "me too" before asking for a description.</summary>
    public void OfferMeToo(Guid requestId)
    {
        Require(ChatStep.Description);
        CandidateRequestId = requestId;
        Step = ChatStep.MeToo;
    }

    /// <summary>Not the same problem after all: go on with a new report.</summary>
    public void DeclineMeToo()
    {
        Require(ChatStep.MeToo);
        CandidateRequestId = null;
        Step = ChatStep.Description;
    }

    /// <summary>The report as Requests takes it in: its id becomes the request's.</summary>
    public LineReportCompleted Complete(string reporterSubject, string? description, DateTimeOffset at)
    {
        Require(ChatStep.Description);
        return new LineReportCompleted
        {
            ReportId = Guid.CreateVersion7(at),
            ReporterSubject = reporterSubject,
            Category = Category!,
            Description = Cut(description, DescriptionMaxLength),
            Latitude = Latitude,
            Longitude = Longitude,
            AddressText = AddressText,
            PhotoMessageIds = Photos,
            CompletedAt = at,
        };
    }

    private void Require(ChatStep step)
    {
        if (Step != step)
        {
            throw new InvalidOperationException($"The conversation is at {Step}, not {step}.");
        }
    }

    private static string? Cut(string? text, int length)
    {
        var trimmed = text?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length <= length ? trimmed : trimmed[..length];
    }
}
