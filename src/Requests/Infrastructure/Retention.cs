using Microsoft.EntityFrameworkCore;
using Municipal.Messaging.Retention;

namespace Municipal.Requests.Infrastructure;

/// <summary>The submitters' contact access log is kept for <see cref="RetentionOptions.AccessLog"/>, then deleted.</summary>
public sealed class ContactReadRetention : IRetentionRule<RequestsDbContext>
{
    public string Name => "access-log";

    public Task<int> ApplyAsync(RequestsDbContext db, RetentionOptions periods, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - periods.AccessLog;
        return db.ContactReads.Where(r => r.At < before).ExecuteDeleteAsync(cancellationToken);
    }
}
