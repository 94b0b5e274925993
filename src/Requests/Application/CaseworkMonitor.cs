using Microsoft.Extensions.Options;

namespace Municipal.Requests.Application;

/// <summary>Configuration section <c>Requests:Casework</c>: how often the background checks run.</summary>
public sealed class CaseworkOptions
{
    public const string Section = "Requests:Casework";

    /// <summary>How often the checks run. Each one acts once per request and threshold whatever the interval, so a few minutes is plenty.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    public bool Enabled { get; set; } = true;
}

/// <summary>One of the background checks of casework: it finds what is due and acts on it once, saving as it goes.</summary>
public interface ICaseworkCheck
{
    /// <returns>How many things it acted on.</returns>
    Task<int> RunAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Runs every <see cref="ICaseworkCheck"/> (asking for feedback, escalating overdue requests, the daily digests) at start
/// and then every <see cref="CaseworkOptions.Interval"/> on the service's <see cref="TimeProvider"/>. Each check keeps
/// what it did in the database in the transaction of its event, so a restart neither repeats nor forgets anything.
/// </summary>
public sealed partial class CaseworkMonitor(IServiceScopeFactory scopes, TimeProvider time, IOptions<CaseworkOptions> options, ILogger<CaseworkMonitor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await RunOnceAsync(stoppingToken);
            await Task.Delay(options.Value.Interval, time, stoppingToken);
        }
    }

    /// <summary>Every check once; one that fails is logged and tried again at the next interval, and the others still run.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var check in scope.ServiceProvider.GetServices<ICaseworkCheck>())
        {
            try
            {
                await check.RunAsync(cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogFailed(ex, check.GetType().Name);
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "The casework check {Check} failed; it runs again at the next interval.")]
    private partial void LogFailed(Exception ex, string check);
}
