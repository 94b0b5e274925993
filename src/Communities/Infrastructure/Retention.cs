using Microsoft.EntityFrameworkCore;
using Municipal.Messaging.Retention;

namespace Municipal.Communities.Infrastructure;

/// <summary>
/// An account's request to be linked to its person (the account's name, the person it matched) is kept as long as the
/// clerk's list shows it (<see cref="Domain.AccountClaim.KeptFor"/>, 14 days), then deleted, linked or not.
/// </summary>
public sealed class AccountClaimRetention : IRetentionRule<CommunitiesDbContext>
{
    public string Name => "account-claims";

    public Task<int> ApplyAsync(CommunitiesDbContext db, RetentionOptions periods, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - Domain.AccountClaim.KeptFor;
        return db.AccountClaims.Where(c => c.CreatedAt < before).ExecuteDeleteAsync(cancellationToken);
    }
}

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
