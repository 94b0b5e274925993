using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Messaging.Persistence;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Open311;

/// <summary>
/// In Development, a fresh Open311 key at every start, so a developer can try <c>POST /open311/v2/requests.json</c> at
/// once; the previous start's key is revoked. The key is written to a file only its owner may read, next to the
/// databases (<see cref="FileName"/>), never to the log: logs travel to the dashboard and wherever they are shipped.
/// </summary>
internal sealed partial class Open311DevelopmentKey(
    IServiceScopeFactory scopes, IOptions<DatabaseOptions> database, IHostEnvironment environment, TimeProvider time,
    ILogger<Open311DevelopmentKey> logger) : IHostedService
{
    public const string KeyName = "development (written to .data at start-up)";
    public const string FileName = "open311-development-key";

    /// <summary>Where the key of this start is written.</summary>
    public string KeyPath => Path.Combine(database.Value.DataDirectory ?? Path.Combine(environment.ContentRootPath, ".data"), FileName);

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

        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        File.Delete(KeyPath);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(KeyPath, options))
        await using (var writer = new StreamWriter(file))
        {
            await writer.WriteLineAsync(secret);
        }

        LogKeyWritten(KeyPath);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Development Open311 api_key (valid until the next start) written to {KeyPath}")]
    private partial void LogKeyWritten(string keyPath);
}
