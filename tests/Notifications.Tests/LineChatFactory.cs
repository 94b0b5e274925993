using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Notifications.Domain.Line;
using Municipal.Notifications.Infrastructure;
using System.Collections.Concurrent;
using System.Data.Common;
using Municipal.Testing;
using System.Text.Json.Nodes;

namespace Municipal.Notifications.Tests;

/// <summary>
/// The Notifications service with its LINE channel pointed at a fake LINE platform, the chat's sender fast. The answer to
/// a finished report waits two minutes for its number: far longer than any test takes to deliver it.
/// </summary>
public class LineChatFactory : ServiceFactory<Program>
{
    public const string Webhook = "/api/notifications/line/webhook";

    public LineChatFactory() : this(TimeSpan.FromMinutes(2))
    {
    }

    protected LineChatFactory(TimeSpan numberHold) : base(Extensions.EndpointName)
    {
        Line = FakeLinePlatform.StartAsync().GetAwaiter().GetResult();
        foreach (var (key, value) in Line.Settings)
        {
            Settings[key] = value;
        }

        Settings["Notifications:Line:ChatPollInterval"] = "00:00:00.100";
        Settings["Notifications:Line:NumberHold"] = numberHold.ToString("c");
        Settings["Notifications:QuietHours:Start"] = "00:00";
        Settings["Notifications:QuietHours:End"] = "00:00";
        Settings["Notifications:Delivery:PollInterval"] = "00:00:00.200";
    }

    public FakeLinePlatform Line { get; }

    /// <summary>Sends LINE's signed call with these events; fails unless the webhook took it.</summary>
    public async Task SendAsync(params JsonObject[] events)
    {
        using var client = CreateClient();
        using var response = await Line.SendAsync(client, Webhook, events);
        Assert.True(response.IsSuccessStatusCode, $"the webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public Task<T> DbAsync<T>(Func<NotificationsDbContext, Task<T>> query) =>
        WithScopeAsync(services => query(services.GetRequiredService<NotificationsDbContext>()));

    /// <summary>Waits for the outbox to have published a matching event.</summary>
    public async Task<T> PublishedAsync<T>(Func<T, bool> which) where T : class =>
        (await Eventually.GetAsync(() => Task.FromResult(Harness.Published.Select<T>().Select(m => m.Context.Message).FirstOrDefault(which)),
            what: $"a matching {typeof(T).Name}"))!;

    public bool WasPublished<T>(Func<T, bool> which) where T : class => Harness.Published.Select<T>().Any(m => which(m.Context.Message));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Line.DisposeAsync();
    }
}

/// <summary>
/// The answer to a finished report waits one second for its number, so Requests is always late; and a LINE user finishes
/// one report in 24 hours (<c>ReportsPerDay</c>), so that the limit is met at the second.
/// </summary>
public sealed class ShortHoldLineChatFactory : LineChatFactory
{
    public ShortHoldLineChatFactory() : base(TimeSpan.FromSeconds(1)) => Settings["Notifications:Line:ReportsPerDay"] = "1";
}

/// <summary>The chat with <see cref="ConversationRace"/> in its database: another call of a user can be made to commit first.</summary>
public sealed class RacingLineChatFactory : LineChatFactory
{
    public RacingLineChatFactory()
    {
        var configure = ConfigureServices;
        ConfigureServices = services =>
        {
            configure?.Invoke(services);
            services.ConfigureDbContext<NotificationsDbContext>((_, db) => db.AddInterceptors(Race), ServiceLifetime.Singleton);
        };
    }

    public ConversationRace Race { get; } = new();
}

/// <summary>
/// What two webhook calls of one user at once do on SQL Server, where a read does not wait for another call's write:
/// between a call's read of the user's conversation and its save, the other call adds a photo and commits, so the save
/// finds the conversation's version moved. SQLite lets one writer in at a time, so without this the calls only take
/// turns. The other call's photo is written in the losing call's transaction (so that its save fails as it would), and
/// again, for good, before that call's next transaction: what the other call committed stays when the loser rolls back.
/// </summary>
public sealed class ConversationRace : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _photos = new();
    private readonly ConcurrentDictionary<DbContext, (string User, string Photo)> _committed = new();

    /// <summary>The next save of this user's conversation meets <paramref name="photoMessageId"/> added by another call.</summary>
    public void Before(string lineUserId, string photoMessageId) => _photos.GetOrAdd(lineUserId, _ => new()).Enqueue(photoMessageId);

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is NotificationsDbContext db)
        {
            foreach (var entry in db.ChangeTracker.Entries<LineConversation>().Where(e => e.State == EntityState.Modified).ToList())
            {
                var user = entry.Entity.LineUserId;
                if (_photos.TryGetValue(user, out var queue) && queue.TryDequeue(out var photo))
                {
                    await AddPhotoAsync(db, user, photo, cancellationToken);
                    _committed[db] = (user, photo);
                }
            }
        }

        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && _committed.TryRemove(db, out var other))
        {
            await AddPhotoAsync(db, other.User, other.Photo, cancellationToken);
        }

        return result;
    }

    private static Task<int> AddPhotoAsync(DbContext db, string user, string photo, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"UPDATE LineConversations SET PhotoMessageIds = PhotoMessageIds || ',' || {photo}, Version = Version + 1 WHERE LineUserId = {user}",
            cancellationToken);
}
