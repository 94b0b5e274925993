using MassTransit;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;
using System.Diagnostics;

namespace Municipal.Notifications.Consumers;

/// <summary>Tells the submitter their request arrived: "we received your request".</summary>
public sealed class RequestSubmittedConsumer(NotificationsDbContext db, TimeProvider time)
    : IdempotentConsumer<RequestSubmitted, NotificationsDbContext>(db, time)
{
    protected override Task HandleAsync(ConsumeContext<RequestSubmitted> context, CancellationToken cancellationToken)
    {
        var message = context.Message;
        if (string.IsNullOrEmpty(message.SubmitterSubject))
        {
            return Task.CompletedTask; // phoned in or from Open311: nobody signed in to tell
        }

        var (title, body) = RequestNotices.Received(message);
        Db.InboxItems.Add(InboxItem.Create(
            message.SubmitterSubject, "request-submitted", title, body, $"/requests/{message.RequestId}",
            context.MessageId!.Value, Activity.Current?.TraceId.ToString(), Time.GetUtcNow()));
        NotificationsTelemetry.Sent.Add(1,
            new KeyValuePair<string, object?>("channel", "in-app"),
            new KeyValuePair<string, object?>("kind", "request-submitted"));
        return Task.CompletedTask;
    }
}
