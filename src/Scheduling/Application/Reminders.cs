using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Application;

/// <summary>
/// Publishes <see cref="SessionReminderDue"/> for confirmed registrants of scheduled sessions at the configured
/// offsets before the start. Due times are computed from the session's current start, so a reminder not yet sent
/// moves with the session. What was handled is recorded under the key (registration, offset) in the same
/// transaction as the event, so a reminder goes out once, across restarts and replicas.
/// </summary>
public sealed partial class ReminderDispatcher(SchedulingDbContext db, TimeProvider time, IOptions<SchedulingOptions> options, ILogger<ReminderDispatcher> logger)
{
    /// <summary>Handles everything due now; returns how many reminders went out.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var offsets = options.Value.EffectiveReminderOffsets;
        if (offsets.Count == 0)
        {
            return 0;
        }

        var horizon = now + offsets.Max();
        var candidates = await db.Registrations.AsNoTracking()
            .Where(r => r.Status == RegistrationStatus.Confirmed)
            .Join(db.Sessions.AsNoTracking().Where(s => s.Status == SessionStatus.Scheduled && s.StartsAt > now && s.StartsAt <= horizon),
                r => r.SessionId, s => s.Id, (r, s) => new { Registration = r, s.StartsAt })
            .OrderBy(x => x.StartsAt).ThenBy(x => x.Registration.Id)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return 0;
        }

        var ids = candidates.Select(c => c.Registration.Id).ToList();
        var recorded = (await db.ReminderDispatches.AsNoTracking().Where(d => ids.Contains(d.RegistrationId)).ToListAsync(cancellationToken))
            .ToLookup(d => d.RegistrationId, d => TimeSpan.FromMinutes(d.OffsetMinutes));

        var sent = 0;
        var snapshots = new Dictionary<Guid, SessionSnapshot>();
        foreach (var candidate in candidates)
        {
            var registration = candidate.Registration;
            var decision = ReminderPlan.Decide(candidate.StartsAt, now, offsets, recorded[registration.Id].ToHashSet());
            if (decision.Send is null && decision.Supersede.Count == 0)
            {
                continue;
            }

            foreach (var offset in decision.Supersede)
            {
                db.ReminderDispatches.Add(new ReminderDispatch { RegistrationId = registration.Id, OffsetMinutes = (int)offset.TotalMinutes, Outcome = "superseded", RecordedAt = now });
            }

            if (decision.Send is { } due)
            {
                if (!snapshots.TryGetValue(registration.SessionId, out var snapshot))
                {
                    snapshot = snapshots[registration.SessionId] = await Snapshots.OfAsync(db, registration.SessionId, cancellationToken);
                }

                db.ReminderDispatches.Add(new ReminderDispatch { RegistrationId = registration.Id, OffsetMinutes = (int)due.TotalMinutes, Outcome = "sent", RecordedAt = now });
                db.EnqueueEvent(new SessionReminderDue
                {
                    RegistrationId = registration.Id,
                    PersonId = registration.PersonId,
                    Code = registration.Code,
                    OffsetBeforeStart = due,
                    Session = snapshot,
                    OccurredAt = now,
                }, time);
            }

            try
            {
                // One registrant at a time: a clash with another replica costs only that registrant's round.
                await db.SaveChangesAsync(cancellationToken);
                if (decision.Send is not null)
                {
                    sent++;
                    SchedulingTelemetry.Reminders.Add(1, new KeyValuePair<string, object?>("outcome", "sent"));
                }
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                LogAlreadyHandled(registration.Id);
            }
        }

        return sent;
    }

    [LoggerMessage(LogLevel.Information, "Reminders of registration {RegistrationId} were handled elsewhere meanwhile.")]
    private partial void LogAlreadyHandled(Guid registrationId);
}

/// <summary>Runs the <see cref="ReminderDispatcher"/> on start and then every poll interval, on the injected clock.</summary>
public sealed partial class ReminderService(IServiceScopeFactory scopes, TimeProvider time, IOptions<SchedulingOptions> options, ILogger<ReminderService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReminderPollInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sent = await scope.ServiceProvider.GetRequiredService<ReminderDispatcher>().DispatchDueAsync(stoppingToken);
                if (sent > 0)
                {
                    LogSent(sent);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The next tick tries again: nothing was recorded for what failed.
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Information, "Sent {Count} session reminder(s).")]
    private partial void LogSent(int count);

    [LoggerMessage(LogLevel.Error, "Looking for due reminders failed; trying again at the next tick.")]
    private partial void LogFailed(Exception ex);
}
