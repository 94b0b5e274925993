using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;

namespace Municipal.Communities.Application;

/// <summary>What a caller asks to assign (the body of <c>POST /api/communities/offices</c>).</summary>
public sealed record OfficeRequest(Guid PersonId, string? Role, Guid? CommunityId, Guid? DivisionId, DateOnly? StartDate, DateOnly? EndDate);

public abstract record AssignResult
{
    public sealed record Assigned(Office Office) : AssignResult;

    /// <summary>A retry: the request id was already used, for this office (or, with a null office, for something else).</summary>
    public sealed record AlreadyDone(Office? Office) : AssignResult;

    public sealed record Invalid(Dictionary<string, string[]> Errors) : AssignResult;

    /// <summary>Well-formed, but names a person, community or division that cannot take the office.</summary>
    public sealed record Unusable(string Title, string Detail) : AssignResult;

    /// <summary>The seat is taken for (part of) the term, or the person already holds it then.</summary>
    public sealed record Clashed(Office Holder, string HolderName, string Place) : AssignResult;
}

/// <summary>Assigns terms of office without ever letting two terms of a single seat overlap, even when two staff try at once.</summary>
public sealed partial class OfficeAssignments(CommunitiesDbContext db, Registry registry, ILogger<OfficeAssignments> logger)
{
    /// <param name="requestId">The client's request id, when it sent one: a retry gets the office the first request assigned.</param>
    public async Task<AssignResult> AssignAsync(OfficeRequest request, Guid? requestId, CancellationToken cancellationToken)
    {
        if (await db.FindAsync(requestId, cancellationToken) is { } prior)
        {
            return await AlreadyDoneAsync(prior, cancellationToken);
        }

        var errors = OfficeProposal.Validate(request.Role, request.CommunityId, request.DivisionId, request.StartDate, request.EndDate);
        if (request.PersonId == Guid.Empty)
        {
            errors["personId"] = ["Required: the id of a person in the registry."];
        }

        if (errors.Count > 0)
        {
            return new AssignResult.Invalid(errors);
        }

        var proposal = new OfficeProposal(request.PersonId, request.Role!, request.CommunityId, request.DivisionId, request.StartDate!.Value, request.EndDate);
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == proposal.PersonId, cancellationToken);
        if (person is null || person.IsErased)
        {
            return new AssignResult.Unusable("No such person.",
                person is null ? "No person in the registry has this personId." : "This person was erased and can hold no new office.");
        }

        if (proposal.CommunityId is { } communityId)
        {
            var community = await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Id == communityId, cancellationToken);
            if (community is null)
            {
                return new AssignResult.Unusable("No such community.", "No community in the registry has this communityId.");
            }

            if (community.Status != CommunityStatus.Active)
            {
                return new AssignResult.Unusable("The community is not active.",
                    $"{community.Code} is {CommunityInput.CodeOf(community.Status)}: it takes no new offices.");
            }
        }

        if (proposal.DivisionId is { } divisionId && !await db.Divisions.AnyAsync(d => d.Id == divisionId, cancellationToken))
        {
            return new AssignResult.Unusable("No such division.", "No division in the registry has this divisionId.");
        }

        // The seat's lock row is written first, so a second assignment to the same seat waits for this
        // transaction and then sees its term (on SQLite the transaction takes the write lock at once).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockSeatScopeAsync(SeatScopes.Of(proposal.CommunityId, proposal.DivisionId), cancellationToken);
        if (await db.FindAsync(requestId, cancellationToken) is { } raced)
        {
            return await AlreadyDoneAsync(raced, cancellationToken); // the original committed while this retry waited for the seat
        }

        var seatTerms = await db.Offices.AsNoTracking()
            .Where(o => o.Role == proposal.Role && o.CommunityId == proposal.CommunityId && o.DivisionId == proposal.DivisionId)
            .ToListAsync(cancellationToken);
        if (Seats.FindClash(seatTerms, proposal) is { } clash)
        {
            var holder = await db.People.AsNoTracking().FirstAsync(p => p.Id == clash.PersonId, cancellationToken);
            LogClash(proposal.Role, clash.Id);
            return new AssignResult.Clashed(clash, holder.IsErased ? "(erased)" : holder.DisplayName,
                await PlaceOfAsync(proposal.CommunityId, proposal.DivisionId, cancellationToken));
        }

        var office = registry.AssignOffice(proposal);
        db.Remember(requestId, "office", office.Id, registry.Now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogAssigned(office.Id, office.Role, office.PersonId);
        return new AssignResult.Assigned(office);
    }

    private async Task<AssignResult> AlreadyDoneAsync(ClientRequest prior, CancellationToken cancellationToken) =>
        new AssignResult.AlreadyDone(prior.Kind == "office"
            ? await db.Offices.AsNoTracking().FirstOrDefaultAsync(o => o.Id == prior.ResourceId, cancellationToken)
            : null);

    private async Task<string> PlaceOfAsync(Guid? communityId, Guid? divisionId, CancellationToken cancellationToken)
    {
        if (communityId is { } c)
        {
            return await db.Communities.Where(x => x.Id == c).Select(x => x.Code).FirstAsync(cancellationToken);
        }

        if (divisionId is { } d)
        {
            return "division " + await db.Divisions.Where(x => x.Id == d).Select(x => x.Code).FirstAsync(cancellationToken);
        }

        return "the municipality";
    }

    [LoggerMessage(LogLevel.Information, "Assigned office {OfficeId} ({Role}) to person {PersonId}.")]
    private partial void LogAssigned(Guid officeId, string role, Guid personId);

    [LoggerMessage(LogLevel.Information, "Refused a {Role} term: it clashes with office {OfficeId}.")]
    private partial void LogClash(string role, Guid officeId);
}

public static class SeatLocking
{
    /// <summary>Bumps the scope's lock row inside the current transaction, creating it when missing.</summary>
    public static async Task LockSeatScopeAsync(this CommunitiesDbContext db, string scope, CancellationToken cancellationToken)
    {
        var updated = await db.SeatLocks.Where(s => s.Key == scope)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Counter, x => x.Counter + 1), cancellationToken);
        if (updated == 0)
        {
            db.SeatLocks.Add(new SeatLock { Key = scope, Counter = 1 });
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
