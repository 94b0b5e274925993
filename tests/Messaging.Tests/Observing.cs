using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Municipal.Messaging.Tests;

/// <summary>Every log line of a host, with its level: to check what is logged as an error, and that no personal data is.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs.Entries.Enqueue((logLevel, category, formatter(state, exception)));
            }
        }
    }
}

/// <summary>Adds up one of Municipal.Messaging's counters while it lives.</summary>
public sealed class CounterListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    /// <param name="messageType">Only measurements tagged with this <c>message_type</c>, when given.</param>
    public CounterListener(string instrument, string? messageType = null)
    {
        _listener.InstrumentPublished = (i, listener) =>
        {
            if (i.Meter.Name == MessagingTelemetry.Name && i.Name == instrument)
            {
                listener.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (messageType is null || Tagged(tags, messageType))
            {
                Interlocked.Add(ref _total, value);
            }
        });
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();

    private static bool Tagged(ReadOnlySpan<KeyValuePair<string, object?>> tags, string messageType)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "message_type" && Equals(tag.Value, messageType))
            {
                return true;
            }
        }

        return false;
    }
}
