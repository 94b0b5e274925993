using Municipal.Contracts;

namespace Municipal.Notifications.Domain;

/// <summary>
/// One notice to one recipient over one channel. The triple (event, recipient, channel) is unique in
/// the database, so a redelivered or replayed event cannot make a second one. The dispatcher sends
/// it; the consumer that made it only writes it down.
/// </summary>
public sealed class Delivery
{
    private Delivery()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>What happened, independent of the message that carried it, e.g. <c>registration-confirmed:{id}:{ticks}</c>.</summary>
    public string EventKey { get; private set; } = "";

    /// <summary>Template name, e.g. <c>registration-confirmed</c>.</summary>
    public string Kind { get; private set; } = "";

    /// <summary>Who it is for: <c>person:{id}</c>, <c>subject:{sub}</c> or <c>mailbox:{name}</c>.</summary>
    public string RecipientKey { get; private set; } = "";

    public Guid? PersonId { get; private set; }

    /// <summary>The sign-in subject whose inbox an in-app delivery goes to.</summary>
    public string? RecipientSubject { get; private set; }

    /// <summary>A shared staff inbox, e.g. <c>division:public-works</c> or <c>registry</c>.</summary>
    public string? SharedMailbox { get; private set; }

    /// <summary>The person the notice is about (for erasure), when it is about someone.</summary>
    public Guid? AboutPersonId { get; private set; }

    public string Channel { get; private set; } = "";

    public string Language { get; private set; } = Languages.Thai;

    public string Title { get; private set; } = "";

    /// <summary>Plain text: the inbox entry, the text part of a mail.</summary>
    public string Body { get; private set; } = "";

    /// <summary>Short text for LINE and SMS.</summary>
    public string? ShortText { get; private set; }

    public string? Html { get; private set; }

    /// <summary>An iCalendar object (METHOD:REQUEST or CANCEL) to attach to a mail.</summary>
    public string? Calendar { get; private set; }

    public string? Link { get; private set; }

    /// <summary>When what it tells of happened: the start of the delivery latency.</summary>
    public DateTimeOffset EventOccurredAt { get; private set; }

    /// <summary>For reminders: what the notice must arrive before (the session's start).</summary>
    public DateTimeOffset? MustArriveBefore { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DeliveryStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Why the last try failed, with addresses and numbers redacted.</summary>
    public string? LastError { get; private set; }

    /// <summary>For a delivery made because another channel is off: that channel.</summary>
    public string? FallbackFrom { get; private set; }

    public string? ProviderMessageId { get; private set; }

    /// <summary>The W3C trace context of the event that caused it, so the send joins its trace.</summary>
    public string? TraceParent { get; private set; }

    public Guid? LockToken { get; private set; }

    public DateTimeOffset? LockedUntil { get; private set; }

    public static Delivery Create(DeliveryDraft draft, string channel, DateTimeOffset now, string? fallbackFrom = null) => new()
    {
        Id = Guid.CreateVersion7(now),
        EventKey = draft.EventKey,
        Kind = draft.Kind,
        RecipientKey = draft.Recipient.Key,
        PersonId = draft.Recipient.PersonId,
        RecipientSubject = draft.Recipient.Subject,
        SharedMailbox = draft.Recipient.SharedMailbox,
        AboutPersonId = draft.AboutPersonId,
        Channel = channel,
        Language = draft.Message.Language,
        Title = draft.Message.Title,
        Body = draft.Message.Text,
        ShortText = draft.Message.Short,
        Html = draft.Message.Html,
        Calendar = channel == ChannelCodes.Email ? draft.Calendar : null,
        Link = draft.Link,
        EventOccurredAt = draft.OccurredAt,
        MustArriveBefore = draft.MustArriveBefore,
        TraceParent = draft.TraceParent,
        CreatedAt = now,
        Status = DeliveryStatus.Pending,
        NextAttemptAt = now,
        FallbackFrom = fallbackFrom,
    };

    /// <summary>Nobody can be reached this way: recorded as failed at once, so admins see who was missed.</summary>
    public static Delivery Unreachable(DeliveryDraft draft, string channel, DateTimeOffset now)
    {
        var delivery = Create(draft, channel, now);
        delivery.Status = DeliveryStatus.Failed;
        delivery.LastAttemptAt = now;
        delivery.LastError = "No way to reach this person: no sign-in (so no inbox) and no address for any channel.";
        return delivery;
    }

    /// <summary>The same notice to the same recipient over another channel, because this one is off.</summary>
    public Delivery FallBackTo(string channel, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        EventKey = EventKey,
        Kind = Kind,
        RecipientKey = RecipientKey,
        PersonId = PersonId,
        RecipientSubject = RecipientSubject,
        SharedMailbox = SharedMailbox,
        AboutPersonId = AboutPersonId,
        Channel = channel,
        Language = Language,
        Title = Title,
        Body = Body,
        ShortText = ShortText,
        Html = Html,
        Calendar = channel == ChannelCodes.Email ? Calendar : null,
        Link = Link,
        EventOccurredAt = EventOccurredAt,
        MustArriveBefore = MustArriveBefore,
        TraceParent = TraceParent,
        CreatedAt = now,
        Status = DeliveryStatus.Pending,
        NextAttemptAt = now,
        FallbackFrom = Channel,
    };

    public bool IsOpen => Status is DeliveryStatus.Pending or DeliveryStatus.Deferred;

    public void MarkSent(DateTimeOffset now, string? providerMessageId)
    {
        Attempts++;
        LastAttemptAt = now;
        SentAt = now;
        Status = DeliveryStatus.Sent;
        ProviderMessageId = providerMessageId;
        NextAttemptAt = now;
    }

    /// <summary>A try failed. Transient failures are tried again later unless the tries are used up.</summary>
    public void MarkAttemptFailed(DateTimeOffset now, string error, bool permanent, RetrySchedule schedule, double random)
    {
        Attempts++;
        LastAttemptAt = now;
        LastError = ErrorText.Redact(error);
        if (permanent || Attempts >= schedule.MaxAttempts)
        {
            Status = DeliveryStatus.Failed;
            NextAttemptAt = now;
            return;
        }

        Status = DeliveryStatus.Pending;
        NextAttemptAt = now + schedule.DelayAfter(Attempts, random);
    }

    public void Defer(DateTimeOffset until)
    {
        Status = DeliveryStatus.Deferred;
        NextAttemptAt = until;
    }

    public void MarkFellBack(DateTimeOffset now, string reason)
    {
        Status = DeliveryStatus.FellBack;
        LastAttemptAt = now;
        LastError = reason;
    }

    public void Cancel(DateTimeOffset now, string reason)
    {
        Status = DeliveryStatus.Cancelled;
        LastAttemptAt = now;
        LastError = reason;
    }

    /// <summary>What it said is gone: the person was erased (<see cref="Scrub"/>), or it outlived its retention.</summary>
    public bool IsEmptied => Body.Length == 0;

    /// <summary>An admin asks for another round of tries of a failed delivery; never of one whose words are gone.</summary>
    public bool Retry(DateTimeOffset now)
    {
        if (Status != DeliveryStatus.Failed || IsEmptied)
        {
            return false;
        }

        Status = DeliveryStatus.Pending;
        Attempts = 0;
        NextAttemptAt = now;
        return true;
    }

    /// <summary>PDPA erasure: what the notice said about the person goes; the record that it happened stays.</summary>
    public void Scrub(DateTimeOffset now)
    {
        Title = "";
        Body = "";
        ShortText = null;
        Html = null;
        Calendar = null;
        RecipientSubject = null;
        if (IsOpen)
        {
            Cancel(now, "The person was erased.");
        }
    }
}

/// <summary>What a consumer hands over to become deliveries: one rendered notice for one recipient.</summary>
public sealed record DeliveryDraft(
    string EventKey,
    string Kind,
    Recipient Recipient,
    RenderedMessage Message,
    string? Link,
    DateTimeOffset OccurredAt,
    Guid? AboutPersonId = null,
    string? Calendar = null,
    DateTimeOffset? MustArriveBefore = null,
    string? TraceParent = null);

/// <summary>A notice in one language, ready for every channel.</summary>
public sealed record RenderedMessage(string Language, string Title, string Text, string Html, string Short);
