namespace Municipal.Notifications.Domain;

/// <summary>
/// The local copy of a registration for a session, from the registration events: who is to be told when
/// the session moves or is cancelled.
/// </summary>
public sealed class SessionRegistration
{
    public const string Confirmed = "confirmed";
    public const string Waitlisted = "waitlisted";
    public const string Cancelled = "cancelled";

    private SessionRegistration()
    {
    }

    public Guid Id { get; private set; }

    public Guid SessionId { get; private set; }

    public Guid PersonId { get; private set; }

    public string Code { get; private set; } = "";

    public string Status { get; private set; } = Confirmed;

    public DateTimeOffset AsOf { get; private set; }

    public bool IsActive => Status is Confirmed or Waitlisted;

    public static SessionRegistration Create(Guid id, Guid sessionId, Guid personId, string code) =>
        new() { Id = id, SessionId = sessionId, PersonId = personId, Code = code, AsOf = DateTimeOffset.MinValue };

    /// <summary>Applies a status known as of an instant; an older event never overwrites a newer state.</summary>
    public bool Apply(string status, Guid sessionId, string code, DateTimeOffset asOf)
    {
        if (asOf < AsOf)
        {
            return false;
        }

        Status = status;
        SessionId = sessionId;
        Code = code;
        AsOf = asOf;
        return true;
    }
}
