using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Application;

/// <summary>The problems communities raise at a session, each published for Requests to take up.</summary>
public sealed class RaisedIssueService(SchedulingDbContext db, TimeProvider time, IOptions<SchedulingOptions> options)
{
    /// <summary>Officials see every issue of the session; a community leader those of their own community.</summary>
    public async Task<Result<Page<RaisedIssue>>> ListAsync(Guid sessionId, Caller caller, Paging paging, CancellationToken cancellationToken)
    {
        if (!await db.Sessions.AnyAsync(s => s.Id == sessionId, cancellationToken))
        {
            return Refusals.NoSuchSession;
        }

        var query = db.Issues.AsNoTracking().Where(i => i.SessionId == sessionId);
        if (!caller.IsOfficial)
        {
            // The token names the community; the registry's copy must hold the caller in an office there today.
            if (caller.CommunityId is not { } community || !await LeadsTodayAsync(caller.Subject, community, cancellationToken))
            {
                return Refusal.Forbidden("The registry does not list you as a leader of a community.",
                    "A community leader sees their community's issues while the registry lists them holding an office there today.");
            }

            query = query.Where(i => i.CommunityId == community);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await paging.Of(query.OrderBy(i => i.RaisedAt).ThenBy(i => i.Id)).ToListAsync(cancellationToken);
        return new Page<RaisedIssue>(items, total);
    }

    private async Task<bool> LeadsTodayAsync(string? subject, Guid community, CancellationToken cancellationToken)
    {
        var today = ThaiCalendar.BangkokTime.Today(time);
        var person = subject is null ? null : await db.People.AsNoTracking()
            .Where(p => p.Subject == subject && !p.Erased).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(cancellationToken);
        return person is { } id && await db.Offices.AsNoTracking().Where(RegistryOffice.HeldOn(today))
            .AnyAsync(o => o.PersonId == id && o.CommunityId == community, cancellationToken);
    }

    /// <summary>Records an issue during or after the session, with <see cref="IssueRaisedAtSession"/>.</summary>
    public async Task<Result<RaisedIssue>> RaiseAsync(Guid sessionId, IssueSubmission submission, Caller caller, CancellationToken cancellationToken)
    {
        var errors = submission.Validate();
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The issue is not valid.");
        }

        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        if (session is null)
        {
            return Refusals.NoSuchSession;
        }

        var now = time.GetUtcNow();
        if (session.Status == SessionStatus.Cancelled)
        {
            return Refusals.NotScheduled(session.Status, "The session was cancelled; nothing was raised at it.");
        }

        if (now < session.StartsAt - options.Value.CheckInOpensBefore)
        {
            return Refusals.NotStarted(session, "The session has not taken place yet.", "Issues are recorded during or after the session.");
        }

        if (!await db.Communities.AnyAsync(c => c.Id == submission.CommunityId, cancellationToken))
        {
            return Refusals.UnknownReference("communityId", "The community is not in the registry.");
        }

        var issue = RaisedIssue.Record(sessionId, submission, caller.Subject, now);
        db.Issues.Add(issue);
        db.EnqueueEvent(new IssueRaisedAtSession
        {
            IssueId = issue.Id,
            SessionId = sessionId,
            CommunityId = issue.CommunityId,
            Category = issue.Category,
            Description = issue.Description,
            Latitude = issue.Latitude,
            Longitude = issue.Longitude,
            RecordedBySubject = issue.RecordedBySubject,
            RaisedAt = now,
        }, time);
        await db.SaveChangesAsync(cancellationToken);
        return issue;
    }
}
