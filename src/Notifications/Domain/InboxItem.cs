namespace Municipal.Notifications.Domain;

/// <summary>
/// One notice in an in-app inbox: a person's own (by sign-in subject), or a shared staff inbox. The
/// in-app channel is always on. Made from exactly one in-app delivery.
/// </summary>
public sealed class InboxItem
{
    private InboxItem()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The sign-in subject of the person it is for; only they can read it. Null for a shared inbox.</summary>
    public string? RecipientSubject { get; private set; }

    /// <summary>The shared staff inbox it is in, e.g. <c>division:public-works</c>.</summary>
    public string? SharedMailbox { get; private set; }

    /// <summary>What it is about, e.g. <c>request-submitted</c>.</summary>
    public string Kind { get; private set; } = "";

    public string Language { get; private set; } = Languages.Thai;

    public string Title { get; private set; } = "";

    public string Body { get; private set; } = "";

    /// <summary>A link into the client, e.g. <c>/requests/{id}</c>.</summary>
    public string? Link { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? ReadAt { get; private set; }

    /// <summary>The delivery it was made from (unique): one delivery, one entry.</summary>
    public Guid DeliveryId { get; private set; }

    /// <summary>The person it concerns, so erasure finds it.</summary>
    public Guid? AboutPersonId { get; private set; }

    /// <summary>The trace the notice was made in: the same trace as the request that caused it.</summary>
    public string? TraceId { get; private set; }

    public string Owner => RecipientSubject is not null ? InboxOwner.Personal(RecipientSubject) : InboxOwner.Shared(SharedMailbox!);

    public static InboxItem From(Delivery delivery, string? traceId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        RecipientSubject = delivery.SharedMailbox is null ? delivery.RecipientSubject : null,
        SharedMailbox = delivery.SharedMailbox,
        Kind = delivery.Kind,
        Language = delivery.Language,
        Title = delivery.Title,
        Body = delivery.Body,
        Link = delivery.Link,
        DeliveryId = delivery.Id,
        AboutPersonId = delivery.AboutPersonId ?? delivery.PersonId,
        TraceId = traceId,
        CreatedAt = now,
    };

    public void MarkRead(DateTimeOffset now) => ReadAt ??= now;
}

/// <summary>Names an inbox for the live stream: a person's, or a shared one.</summary>
public static class InboxOwner
{
    public static string Personal(string subject) => $"subject:{subject}";

    public static string Shared(string mailbox) => $"mailbox:{mailbox}";
}
