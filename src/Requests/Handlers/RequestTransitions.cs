using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Domain.Plan;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Handlers;

/// <summary>
/// Moves a request through its workflow: decides whether the caller may, checks what the move refers to
/// (division, the request it duplicates, the plan project), applies it, and puts
/// <c>RequestStatusChanged</c> (and <c>RequestAssigned</c> on triage) in the outbox. The caller saves.
/// </summary>
public sealed class RequestTransitions(RequestsDbContext db, TimeProvider time)
{
    /// <summary>The part the actor plays in this request's workflow.</summary>
    public static Party PartyOf(Actor actor, ServiceRequest request) =>
        (RequestAccess.CanWork(actor, request) ? Party.Worker : Party.None)
        | (RequestAccess.IsSubmitter(actor, request) ? Party.Submitter : Party.None);

    public async Task<Outcome> ApplyAsync(ServiceRequest request, TransitionCommand command, Actor actor, Party party, CancellationToken cancellationToken, PlanProject? project = null)
    {
        var errors = command.Validate();
        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors, "The transition is not valid.");
        }

        var now = time.GetUtcNow();
        var decision = RequestWorkflow.Decide(request.Status, command.To, party, request.ResolvedAt, now);
        switch (decision.Verdict)
        {
            case TransitionVerdict.Forbidden:
                return Outcome.Forbidden("You do not work this request.", decision.Reason);
            case TransitionVerdict.NotAllowed:
                var allowed = decision.Allowed.Count == 0 ? "none" : string.Join(", ", decision.Allowed.Select(s => s.ToCode()));
                return Outcome.Conflict($"The request is {request.Status.ToCode()}: it cannot become {command.To.ToCode()}.",
                    $"{decision.Reason} Allowed now: {allowed}.", decision.Allowed);
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
        if (command.To == RequestStatus.Triaged)
        {
            db.EnqueueEvent(new RequestAssigned
            {
                RequestId = request.Id,
                Number = request.Number,
                CommunityId = request.CommunityId,
                DivisionCode = request.DivisionCode,
                AssignedAt = now,
            }, time);
        }

        RequestsTelemetry.Transitions.Add(1, new KeyValuePair<string, object?>("to", request.Status.ToCode()));
        return Outcome.Ok;
    }

    private async Task<Outcome?> CheckReferencesAsync(ServiceRequest request, TransitionCommand command, PlanProject? project, CancellationToken cancellationToken)
    {
        if (command.To == RequestStatus.Triaged && command.DivisionCode is { } division
            && !await db.Divisions.AnyAsync(d => d.Code == division, cancellationToken))
        {
            return Outcome.Unprocessable("Unknown division.",
                $"No division '{division}'. Use one of: {string.Join(", ", await db.Divisions.OrderBy(d => d.Code).Select(d => d.Code).ToListAsync(cancellationToken))}.");
        }

        if (command.To == RequestStatus.Duplicate && command.DuplicateOf is { } originalId)
        {
            if (originalId == request.Id)
            {
                return Outcome.Unprocessable("A request cannot duplicate itself.");
            }

            var original = await db.Requests.AsNoTracking()
                .Where(r => r.Id == originalId)
                .Select(r => new { r.Number, r.Status, r.DuplicateOfId })
                .FirstOrDefaultAsync(cancellationToken);
            if (original is null)
            {
                return Outcome.Unprocessable("Unknown original request.", $"No request {originalId}.");
            }

            if (original.Status == RequestStatus.Duplicate)
            {
                return Outcome.Unprocessable($"{original.Number} is itself a duplicate.",
                    $"Mark this request a duplicate of the original, {original.DuplicateOfId}.");
            }
        }

        if (command.To == RequestStatus.ProposedForPlan)
        {
            project ??= await db.PlanProjects.FirstOrDefaultAsync(p => p.Id == command.ProjectId, cancellationToken);
            if (project is null)
            {
                return Outcome.Unprocessable("Unknown plan project.", $"No plan project {command.ProjectId}.");
            }

            if (!project.AcceptsRequests)
            {
                return Outcome.Conflict("The plan project is done.", "A project that is done takes no more requests: propose a new one.");
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
