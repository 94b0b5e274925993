using Microsoft.EntityFrameworkCore;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Open311;

/// <summary>
/// In Development, a fresh Open311 key at every start, printed once to the log so a developer can try
/// <c>POST /open311/v2/requests.json</c> at once; the previous start's key is revoked. A key is not personal data.
/// </summary>
internal sealed partial class Open311DevelopmentKey(IServiceScopeFactory scopes, TimeProvider time, ILogger<Open311DevelopmentKey> logger) : IHostedService
{
    public const string KeyName = "development (printed at start-up)";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RequestsDbContext>();
        var now = time.GetUtcNow();
        foreach (var old in await db.Open311Keys.Where(k => k.Name == KeyName && k.RevokedAt == null).ToListAsync(cancellationToken))
        {
            old.Revoke(now);
        }

        var (key, secret) = Open311ApiKey.Issue(KeyName, null, now);
        db.Open311Keys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        LogKey(secret);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "Development Open311 api_key (valid until the next start): {ApiKey}")]
    private partial void LogKey(string apiKey);
}
