using Municipal.ServiceDefaults.Problems;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

/// <summary>
/// Hand-offs (<see cref="HandoffRules"/>): re-routing a request to another division with a reason, and assigning it to an
/// officer of its division. Each is a history entry and an event (<c>RequestRerouted</c>, <c>RequestAssignedToOfficer</c>)
/// in the transaction of the change; Notifications tells whoever now holds it.
/// </summary>
public sealed class RequestHandoffs(RequestsDbContext db, RequestReads reads, TimeProvider time)
{
    public async Task<Result<RequestDetails>> RerouteAsync(Guid id, string? division, string? reason, Caller caller, Func<int, Refusal?> checkVersion, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (string.IsNullOrWhiteSpace(division))
        {
            errors["division"] = [FieldError.Required("Name the division to hand the request to.")];
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            errors["reason"] = [FieldError.Required("Say why it goes to that division.")];
        }
        else if (reason.Length > HandoffRules.ReasonMaxLength)
        {
            errors["reason"] = [FieldError.TooLong(HandoffRules.ReasonMaxLength, $"The reason may have at most {HandoffRules.ReasonMaxLength} characters.")];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The re-routing is not valid.");
        }

        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !RequestAccess.CanSee(caller, request))
        {
            return RequestReads.NoSuchRequest;
        }

        if (checkVersion(request.Version) is { } stale)
        {
            return stale;
        }

        var to = division!.Trim();
        var target = await db.Divisions.AsNoTracking().FirstOrDefaultAsync(d => d.Code == to, cancellationToken);
        switch (HandoffRules.MayReroute(caller, request, to))
        {
            case HandoffRefusal.NotYourWork:
                return Refusal.Of(RequestsProblems.NotYourWork, detail: "Staff of the division holding the request, the intake desk and admins re-route it.");
            case HandoffRefusal.NotOpen:
                return NotOpen(request);
            case HandoffRefusal.SameDivision:
                return Refusal.Of(RequestsProblems.SameDivision, detail: $"The request is with {to} already.").With("division", to);
        }

        if (target is null)
        {
            return Refusal.Of(RequestsProblems.UnknownReference, "Unknown division.",
                $"No division '{to}'. Use one of: {string.Join(", ", await db.Divisions.OrderBy(d => d.Code).Select(d => d.Code).ToListAsync(cancellationToken))}.")
                .With("field", "division");
        }

        var now = time.GetUtcNow();
        var from = request.DivisionCode;
        var entry = request.Reroute(to, reason!, caller, now);
        db.History.Add(entry);
        db.EnqueueEvent(new RequestRerouted
        {
            RequestId = request.Id,
            Number = request.Number,
            Title = request.Title,
            Category = request.Category,
            CommunityId = request.CommunityId,
            FromDivisionCode = from,
            ToDivisionCode = to,
            ToDivisionId = target.DivisionId,
            Reason = entry.Note!,
            ReroutedBySubject = caller.Subject,
            ReroutedAt = now,
        }, time);
        return await SaveAsync(request, cancellationToken);
    }

    /// <summary>Assigns the request to an officer of its division on the roster, or to nobody (<paramref name="officerSubject"/> null).</summary>
    public async Task<Result<RequestDetails>> AssignAsync(Guid id, string? officerSubject, string? note, Caller caller, Func<int, Refusal?> checkVersion, CancellationToken cancellationToken)
    {
        if (note is { Length: > HandoffRules.ReasonMaxLength })
        {
            return Refusal.Invalid("note", FieldError.TooLong(HandoffRules.ReasonMaxLength, $"The note may have at most {HandoffRules.ReasonMaxLength} characters."), "The assignment is not valid.");
        }

        var request = await db.Requests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || !RequestAccess.CanSee(caller, request))
        {
            return RequestReads.NoSuchRequest;
        }

        if (checkVersion(request.Version) is { } stale)
        {
            return stale;
        }

        switch (HandoffRules.MayAssign(caller, request))
        {
            case HandoffRefusal.NotYourWork:
                return Refusal.Of(RequestsProblems.NotYourWork, detail: "Staff of the division holding the request, the intake desk and admins assign it.");
            case HandoffRefusal.NotOpen:
                return NotOpen(request);
        }

        Officer? officer = null;
        if (!string.IsNullOrWhiteSpace(officerSubject))
        {
            officer = await db.Officers.AsNoTracking().FirstOrDefaultAsync(o => o.Subject == officerSubject && o.DivisionCode == request.DivisionCode, cancellationToken);
            if (officer is null)
            {
                return Refusal.Of(RequestsProblems.UnknownReference, "Not an officer of the division.",
                        $"'{officerSubject}' is not on the roster of {request.DivisionCode} (GET /api/requests/officers?division={request.DivisionCode}).")
                    .With("field", "officer");
            }
        }

        var now = time.GetUtcNow();
        var previous = request.AssigneeSubject;
        db.History.Add(request.AssignTo(officer, note, caller, now));
        db.EnqueueEvent(new RequestAssignedToOfficer
        {
            RequestId = request.Id,
            Number = request.Number,
            Title = request.Title,
            Category = request.Category,
            DivisionCode = request.DivisionCode,
            OfficerSubject = officer?.Subject,
            PreviousOfficerSubject = previous,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            AssignedBySubject = caller.Subject,
            AssignedAt = now,
        }, time);
        return await SaveAsync(request, cancellationToken);
    }

    private async Task<Result<RequestDetails>> SaveAsync(ServiceRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return RequestTransitions.ChangedMeanwhile("request");
        }

        return await reads.DetailsAfterChangeAsync(request, cancellationToken);
    }

    private static Refusal NotOpen(ServiceRequest request) =>
        Refusal.Of(RequestsProblems.RequestNotOpen, $"The request is {request.Status.ToCode()}.",
                "Only a request that is still a division's work (submitted, triaged, in progress, needs budget) is handed over.")
            .With("currentStatus", request.Status.ToCode());
}
