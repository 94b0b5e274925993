using Municipal.ServiceDefaults.Problems;
using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;

namespace Municipal.Requests.Application;

/// <summary>The roster of officers per division (<see cref="Officer"/>): who joins it, and who reads it.</summary>
public sealed class OfficerRoster(RequestsDbContext db, TimeProvider time)
{
    /// <summary><c>PUT /api/requests/officers/me</c>: staff whose token names a division join its roster (or refresh their entry).</summary>
    public async Task<Result<Officer>> JoinAsync(Caller caller, string? name, CancellationToken cancellationToken)
    {
        if (!caller.IsStaff || caller.Subject is null)
        {
            return Refusal.Forbidden("Only staff join a division's roster.");
        }

        if (caller.Division is not { } division)
        {
            return Refusal.Of(RequestsProblems.NoDivision, detail: "Your token names no division, so there is no roster for you to join.");
        }

        if (!await db.Divisions.AnyAsync(d => d.Code == division, cancellationToken))
        {
            return Refusal.Of(RequestsProblems.UnknownReference, "Unknown division.", $"Your token names the division '{division}', which does not exist.")
                .With("field", "division");
        }

        var now = time.GetUtcNow();
        var officer = await db.Officers.FirstOrDefaultAsync(o => o.Subject == caller.Subject, cancellationToken);
        if (officer is null)
        {
            officer = Officer.Join(caller.Subject, name, division, now);
            db.Officers.Add(officer);
        }
        else
        {
            officer.Refresh(name, division, now);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Joined twice at once: the first entry stands.
            db.ChangeTracker.Clear();
            return await db.Officers.AsNoTracking().FirstAsync(o => o.Subject == caller.Subject, cancellationToken);
        }

        return officer;
    }

    public async Task<Result<IReadOnlyList<Officer>>> ListAsync(string? division, CancellationToken cancellationToken)
    {
        if (division is not null && !await db.Divisions.AnyAsync(d => d.Code == division, cancellationToken))
        {
            return Refusal.Invalid("division", FieldError.Rule(FieldErrorCodes.UnknownReference, "Unknown division."), "The filter is not valid.");
        }

        var query = db.Officers.AsNoTracking();
        if (division is not null)
        {
            query = query.Where(o => o.DivisionCode == division);
        }

        return await query.OrderBy(o => o.DivisionCode).ThenBy(o => o.Name).ThenBy(o => o.Subject).Take(500).ToListAsync(cancellationToken);
    }
}

/// <summary>Staff-only internal notes on a request (<see cref="RequestNote"/>).</summary>
public sealed class InternalNotes(RequestsDbContext db, TimeProvider time)
{
    public async Task<Result<RequestNote>> AddAsync(Guid requestId, string? text, string? authorName, Caller caller, CancellationToken cancellationToken)
    {
        if (await FindAsync(requestId, caller, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var errors = RequestNote.Validate(text);
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The note is not valid.");
        }

        var note = RequestNote.Write(requestId, text!, caller.Subject, authorName, time.GetUtcNow());
        db.Notes.Add(note);
        await db.SaveChangesAsync(cancellationToken);
        return note;
    }

    public async Task<Result<IReadOnlyList<RequestNote>>> ListAsync(Guid requestId, Caller caller, CancellationToken cancellationToken)
    {
        if (await FindAsync(requestId, caller, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        return await db.Notes.AsNoTracking().Where(n => n.RequestId == requestId).OrderBy(n => n.At).ThenBy(n => n.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Staff only; for anyone else the notes are refused before the request is even looked up.</summary>
    private async Task<Refusal?> FindAsync(Guid requestId, Caller caller, CancellationToken cancellationToken)
    {
        if (!HandoffRules.MayUseNotes(caller))
        {
            return Refusal.Forbidden("Internal notes are for staff.");
        }

        return await db.Requests.AnyAsync(r => r.Id == requestId, cancellationToken) ? null : RequestReads.NoSuchRequest;
    }
}
