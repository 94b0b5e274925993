using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Domain.Plan;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

/// <summary>
/// Moves a request through its workflow: decides whether the caller may, checks what the move refers to
/// (division, the request it duplicates, the plan project), applies it, and puts <c>RequestStatusChanged</c> in the outbox.
/// </summary>
public sealed class RequestTransitions(RequestsDbContext db, RequestReads reads, TimeProvider time)
{
    /// <summary>
    /// <c>POST /api/requests/{id}/transitions</c>: one move, saved. <paramref name="checkVersion"/> refuses a version
    /// the caller did not mean (their <c>If-Match</c>).
    /// </summary>
    public async Task<Result<RequestDetails>> TransitionAsync(
        Guid id, TransitionCommand command, Caller caller, Func<int, Refusal?> checkVersion, CancellationToken cancellationToken)
    {
        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !RequestAccess.CanSee(caller, request))
        {
            return RequestReads.NoSuchRequest;
        }

        if (checkVersion(request.Version) is { } stale)
        {
            return stale;
        }

        var applied = await ApplyAsync(request, command, caller, RequestAccess.PartyOf(caller, request), cancellationToken);
        if (!applied.Succeeded)
        {
            return applied.Refusal!;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ChangedMeanwhile("request");
        }

        return await reads.DetailsAfterChangeAsync(request, cancellationToken);
    }

    public static Refusal ChangedMeanwhile(string what) => Refusal.Of(RequestsProblems.ChangedMeanwhile,
        $"The {what} changed meanwhile.", "Someone else changed it at the same time. Read it again and retry.");

    /// <summary>Applies one move without saving: the caller's unit of work may hold several.</summary>
    public async Task<Result> ApplyAsync(ServiceRequest request, TransitionCommand command, Caller actor, Party party, CancellationToken cancellationToken, PlanProject? project = null)
    {
        var errors = command.Validate();
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The transition is not valid.");
        }

        var now = time.GetUtcNow();
        var decision = RequestWorkflow.Decide(request.Status, command.To, party, request.ResolvedAt, now);
        switch (decision.Verdict)
        {
            case TransitionVerdict.Forbidden:
                return Refusal.Of(RequestsProblems.NotYourWork, detail: decision.Reason);
            case TransitionVerdict.NotAllowed:
                var allowed = decision.Allowed.Count == 0 ? "none" : string.Join(", ", decision.Allowed.Select(s => s.ToCode()));
                var refused = Refusal.Of(RequestsProblems.InvalidTransition, $"The request is {request.Status.ToCode()}: it cannot become {command.To.ToCode()}.",
                        $"{decision.Reason} Allowed now: {allowed}.")
                    .With("currentStatus", request.Status.ToCode())
                    .With("allowed", decision.Allowed.Select(s => s.ToCode()).ToArray());
                return request.Status == RequestStatus.ProposedForPlan && request.PlanProjectId is { } following
                    ? refused.With("planProjectId", following)
                    : refused;
        }

        if (await CheckReferencesAsync(request, command, project, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var from = request.Status;
        var entry = request.Apply(command, actor, now);
        db.History.Add(entry);
        if (command.To == RequestStatus.ProposedForPlan)
        {
            project ??= await db.PlanProjects.Include(p => p.Requests).FirstAsync(p => p.Id == command.ProjectId, cancellationToken);
            project.Attach(request, now);
        }

        if (command.To == RequestStatus.Duplicate)
        {
            await CarrySupportAsync(request, command.DuplicateOf!.Value, now, cancellationToken);
        }

        db.EnqueueEvent(new RequestStatusChanged
        {
            RequestId = request.Id,
            Number = request.Number,
            CommunityId = request.CommunityId,
            Category = request.Category,
            From = from.ToCode(),
            To = request.Status.ToCode(),
            Note = entry.Note,
            SubmitterSubject = request.SubmitterSubject,
            ChangedBySubject = actor.Subject,
            ChangedAt = now,
        }, time);
        RequestsTelemetry.Transitions.Add(1, new KeyValuePair<string, object?>("to", request.Status.ToCode()));
        return Result.Ok;
    }

    private async Task<Refusal?> CheckReferencesAsync(ServiceRequest request, TransitionCommand command, PlanProject? project, CancellationToken cancellationToken)
    {
        if (command.To == RequestStatus.Triaged && command.DivisionCode is { } division
            && !await db.Divisions.AnyAsync(d => d.Code == division, cancellationToken))
        {
            return Refusal.Of(RequestsProblems.UnknownReference, "Unknown division.",
                $"No division '{division}'. Use one of: {string.Join(", ", await db.Divisions.OrderBy(d => d.Code).Select(d => d.Code).ToListAsync(cancellationToken))}.")
                .With("field", "division");
        }

        if (command.To == RequestStatus.Duplicate && command.DuplicateOf is { } originalId)
        {
            if (originalId == request.Id)
            {
                return Refusal.Of(RequestsProblems.InvalidDuplicate, "A request cannot duplicate itself.");
            }

            var original = await db.Requests.AsNoTracking()
                .Where(r => r.Id == originalId)
                .Select(r => new { r.Number, r.Status, r.DuplicateOfId })
                .FirstOrDefaultAsync(cancellationToken);
            if (original is null)
            {
                return Refusal.Of(RequestsProblems.UnknownReference, "Unknown original request.", $"No request {originalId}.").With("field", "duplicateOf");
            }

            if (original.Status == RequestStatus.Duplicate)
            {
                return Refusal.Of(RequestsProblems.InvalidDuplicate, $"{original.Number} is itself a duplicate.",
                    $"Mark this request a duplicate of the original, {original.DuplicateOfId}.").With("originalId", original.DuplicateOfId);
            }
        }

        if (command.To == RequestStatus.ProposedForPlan)
        {
            project ??= await db.PlanProjects.FirstOrDefaultAsync(p => p.Id == command.ProjectId, cancellationToken);
            if (project is null)
            {
                return Refusal.Of(RequestsProblems.UnknownReference, "Unknown plan project.", $"No plan project {command.ProjectId}.").With("field", "projectId");
            }

            if (!project.AcceptsRequests)
            {
                return Refusal.Of(RequestsProblems.PlanProjectDone, detail: "A project that is done takes no more requests: propose a new one.");
            }
        }

        return null;
    }

    /// <summary>Whoever backed or filed the duplicate now backs the original ("me too"), once each.</summary>
    private async Task CarrySupportAsync(ServiceRequest duplicate, Guid originalId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var backers = await db.Supports.Where(s => s.RequestId == duplicate.Id).Select(s => s.Subject).ToListAsync(cancellationToken);
        if (duplicate.SubmitterSubject is { } submitter)
        {
            backers.Add(submitter);
        }

        var original = await db.Requests.AsNoTracking().Where(r => r.Id == originalId)
            .Select(r => new { r.SubmitterSubject, Backers = r.Supports.Select(s => s.Subject).ToList() })
            .FirstAsync(cancellationToken);
        foreach (var subject in backers.Distinct().Where(s => s != original.SubmitterSubject && !original.Backers.Contains(s)))
        {
            db.Supports.Add(new RequestSupport(originalId, subject, now));
        }
    }
}
