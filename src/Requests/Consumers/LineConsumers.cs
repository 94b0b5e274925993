using MassTransit;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Requests.Application;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Consumers;

// What residents tell the municipality in its LINE chat (run by Notifications; docs/requests.md, "Reporting through LINE").

/// <summary>A finished report becomes a request, once: its id is the report's, so a replay under a new message id adds nothing.</summary>
public sealed class LineReportCompletedConsumer(RequestsDbContext db, LineReports reports, TimeProvider time)
    : IdempotentConsumer<LineReportCompleted, RequestsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<LineReportCompleted> context, CancellationToken cancellationToken) =>
        await reports.TakeAsync(context.Message, cancellationToken);
}

/// <summary>"Me too" from the chat: the reporter backs the open request nearby (once; not a closed one, nor their own).</summary>
public sealed class LineSupportGivenConsumer(RequestsDbContext db, RequestSupports supports, TimeProvider time)
    : IdempotentConsumer<LineSupportGiven, RequestsDbContext>(db, time)
{
    protected override async Task HandleAsync(ConsumeContext<LineSupportGiven> context, CancellationToken cancellationToken)
    {
        var m = context.Message;
        await supports.AddFromLineAsync(m.RequestId, m.SupporterSubject, m.GivenAt, cancellationToken);
    }
}

/// <summary>PDPA erasure of a LINE reporter: by their <c>line:…</c> subject (<see cref="SubmitterErasure"/>).</summary>
public sealed partial class LineReporterErasedConsumer(RequestsDbContext db, SubmitterErasure erasure, TimeProvider time, ILogger<LineReporterErasedConsumer> logger)
    : IdempotentConsumer<LineReporterErased, RequestsDbContext>(db, time)
{
    protected override bool ErasesPersonalData => true;

    protected override async Task HandleAsync(ConsumeContext<LineReporterErased> context, CancellationToken cancellationToken)
    {
        var scrubbed = await erasure.EraseAsync(null, context.Message.ReporterSubject, cancellationToken);
        LogErased(scrubbed);
    }

    [LoggerMessage(LogLevel.Information, "Erased a LINE reporter from {Count} request(s).")]
    private partial void LogErased(int count);
}
