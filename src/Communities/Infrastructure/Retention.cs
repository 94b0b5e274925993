using Microsoft.EntityFrameworkCore;
using Municipal.Messaging.Retention;

namespace Municipal.Communities.Infrastructure;

/// <summary>The contact access log is kept for <see cref="RetentionOptions.AccessLog"/>, then deleted.</summary>
public sealed class AccessLogRetention : IRetentionRule<CommunitiesDbContext>
{
    public string Name => "access-log";

    public Task<int> ApplyAsync(CommunitiesDbContext db, RetentionOptions periods, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - periods.AccessLog;
        return db.AccessLog.Where(e => e.At < before).ExecuteDeleteAsync(cancellationToken);
    }
}
