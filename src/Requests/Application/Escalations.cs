using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

/// <summary>Configuration section <c>Requests:Escalation</c>.</summary>
public sealed class EscalationOptions
{
    public const string Section = "Requests:Escalation";

    /// <summary>How long after a missed due time the division's head is told again.</summary>
    public TimeSpan HeadDelay { get; set; } = EscalationPolicy.Default.HeadDelay;

    /// <summary>When (Bangkok time) the daily digest of each division goes out.</summary>
    public TimeOnly DigestAt { get; set; } = EscalationPolicy.Default.DigestAt;

    public EscalationPolicy Policy => new(HeadDelay, DigestAt);
}

/// <summary>
/// Escalates overdue requests (<see cref="EscalationRules"/>): for each escalation a request has earned and not had, a row in
/// <c>RequestEscalations</c> and <c>RequestEscalated</c> in the outbox, in one transaction. The row's unique key (request,
/// threshold, level, division) makes it once: a restart finds the row, a replica racing it loses on the key.
/// </summary>
public sealed partial class EscalationCheck(RequestsDbContext db, IOptions<EscalationOptions> options, TimeProvider time, ILogger<EscalationCheck> logger)
    : ICaseworkCheck
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var policy = options.Value.Policy;
        var overdue = await db.Requests.AsNoTracking()
            .Where(ServiceLevels.OverdueAt(now))
            .OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);
        if (overdue.Count == 0)
        {
            return 0;
        }

        var ids = overdue.Select(r => r.Id).ToList();
        var made = (await db.Escalations.AsNoTracking().Where(e => ids.Contains(e.RequestId))
                .Select(e => new { e.RequestId, e.Threshold, e.Level, e.DivisionCode }).ToListAsync(cancellationToken))
            .Select(e => (e.RequestId, e.Threshold, e.Level, e.DivisionCode))
            .ToHashSet();
        var divisions = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.DivisionId, cancellationToken);

        var escalated = 0;
        foreach (var request in overdue)
        {
            foreach (var due in EscalationRules.Due(request.Status, request.FirstRespondedAt, request.FirstResponseDueAt, request.ResolutionDueAt, now, policy)
                         .Where(d => !made.Contains((request.Id, d.Threshold, d.Level, request.DivisionCode))))
            {
                if (await EscalateAsync(request, due, divisions.GetValueOrDefault(request.DivisionCode), now, cancellationToken))
                {
                    escalated++;
                }
            }
        }

        return escalated;
    }

    private async Task<bool> EscalateAsync(ServiceRequest request, EscalationDue due, Guid? divisionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Escalations.Add(RequestEscalation.Make(request.Id, request.DivisionCode, due, now));
        db.EnqueueEvent(new RequestEscalated
        {
            RequestId = request.Id,
            Number = request.Number,
            Title = request.Title,
            Category = request.Category,
            CommunityId = request.CommunityId,
            DivisionCode = request.DivisionCode,
            DivisionId = divisionId,
            Threshold = due.Threshold.ToCode(),
            Level = due.Level.ToCode(),
            DueAt = due.Threshold == EscalationThreshold.FirstResponse ? request.FirstResponseDueAt : request.ResolutionDueAt,
            AssigneeSubject = request.AssigneeSubject,
            EscalatedAt = now,
        }, time);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another replica escalated it first: its row and its event stand.
            db.ChangeTracker.Clear();
            return false;
        }

        RequestsTelemetry.Escalated.Add(1, new("threshold", due.Threshold.ToCode()), new("level", due.Level.ToCode()));
        LogEscalated(request.Id, due.Threshold.ToCode(), due.Level.ToCode(), request.DivisionCode);
        return true;
    }

    [LoggerMessage(LogLevel.Information, "Escalated request {RequestId} ({Threshold} overdue) to the {Level} of {Division}.")]
    private partial void LogEscalated(Guid requestId, string threshold, string level, string division);
}

/// <summary>
/// Once a day (at <see cref="EscalationOptions.DigestAt"/>, Bangkok time), each division with overdue requests gets their list
/// (<c>DivisionOverdueDigest</c>). A row per division and day, written with the event, makes it once.
/// </summary>
public sealed partial class DivisionDigests(RequestsDbContext db, IOptions<EscalationOptions> options, TimeProvider time, ILogger<DivisionDigests> logger)
    : ICaseworkCheck
{
    public const int MaxListed = 50;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (EscalationRules.DigestDay(now, options.Value.Policy) is not { } day)
        {
            return 0;
        }

        var sent = await db.Digests.AsNoTracking().Where(d => d.Day == day).Select(d => d.DivisionCode).ToListAsync(cancellationToken);
        var overdue = await db.Requests.AsNoTracking()
            .Where(ServiceLevels.OverdueAt(now))
            .Where(r => !sent.Contains(r.DivisionCode))
            .ToListAsync(cancellationToken);
        var divisions = await db.Divisions.AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.DivisionId, cancellationToken);
        var count = 0;
        foreach (var division in overdue.GroupBy(r => r.DivisionCode).OrderBy(g => g.Key))
        {
            var items = division
                .Select(r => (Request: r, Threshold: r.Status == RequestStatus.Submitted && r.FirstRespondedAt == null && r.FirstResponseDueAt < now
                    ? EscalationThreshold.FirstResponse : EscalationThreshold.Resolution))
                .Select(x => (x.Request, x.Threshold, DueAt: x.Threshold == EscalationThreshold.FirstResponse ? x.Request.FirstResponseDueAt : x.Request.ResolutionDueAt))
                .OrderBy(x => x.DueAt).ThenBy(x => x.Request.Number)
                .ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Digests.Add(DivisionDigest.Sent(division.Key, day, items.Count, now));
            db.EnqueueEvent(new DivisionOverdueDigest
            {
                DivisionCode = division.Key,
                DivisionId = divisions.GetValueOrDefault(division.Key),
                Day = day,
                Total = items.Count,
                Requests = items.Take(MaxListed).Select(x => new OverdueRequest
                {
                    RequestId = x.Request.Id,
                    Number = x.Request.Number,
                    // Masked: the digest is copied into inboxes and mails, which an erasure of the submitter does not
                    // reach (it finds a request's notices by the request's link, and a digest links to the board).
                    Title = PersonalData.Mask(x.Request.Title),
                    Category = x.Request.Category,
                    Threshold = x.Threshold.ToCode(),
                    DueAt = x.DueAt,
                    AssigneeName = x.Request.AssigneeName,
                }).ToList(),
                OccurredAt = now,
            }, time);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                count++;
                LogDigest(division.Key, day, items.Count);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear(); // another replica sent it
            }
        }

        return count;
    }

    [LoggerMessage(LogLevel.Information, "Sent the overdue digest of {Division} for {Day}: {Count} request(s).")]
    private partial void LogDigest(string division, DateOnly day, int count);
}
