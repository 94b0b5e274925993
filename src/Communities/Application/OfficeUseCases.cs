using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.Edge;
using Municipal.ThaiCalendar;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Communities.Application;

/// <summary>What a caller asks to assign (the body of <c>POST /api/communities/offices</c>).</summary>
public sealed record OfficeRequest(Guid PersonId, string? Role, Guid? CommunityId, Guid? DivisionId, DateOnly? StartDate, DateOnly? EndDate);

/// <summary>The filters of the list of terms; <paramref name="AsOf"/> keeps the terms held on that day.</summary>
public sealed record OfficeFilter(string? Role, DateOnly? AsOf, Guid? CommunityId, Guid? DivisionId, Guid? PersonId);

/// <summary>
/// Terms of office: reading them, assigning them without ever letting two terms of a single seat overlap (even when
/// two staff try at once), and ending them. Each command saves its own unit of work.
/// </summary>
public sealed partial class OfficeUseCases(CommunitiesDbContext db, Registry registry, OfficeReader reader, TimeProvider time, ILogger<OfficeUseCases> logger)
{
    public async Task<Result<Page<OfficeView>>> ListAsync(OfficeFilter filter, Paging paging, CancellationToken cancellationToken)
    {
        var query = db.Offices.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Role))
        {
            var role = filter.Role.Trim();
            if (!OfficeRoles.IsKnown(role))
            {
                return Refusal.Invalid("role", FieldError.NotOneOf(OfficeRoles.Codes, $"Unknown role. Use one of: {string.Join(", ", OfficeRoles.Codes)}."));
            }

            query = query.Where(o => o.Role == role);
        }

        if (filter.AsOf is { } day)
        {
            if (CalendarDates.Problem(day) is { } dayProblem)
            {
                return Refusal.Invalid("asOf", dayProblem, "The filter is not valid.");
            }

            query = query.Where(Office.HeldOn(day));
        }

        if (filter.CommunityId is { } c)
        {
            query = query.Where(o => o.CommunityId == c);
        }

        if (filter.DivisionId is { } d)
        {
            query = query.Where(o => o.DivisionId == d);
        }

        if (filter.PersonId is { } p)
        {
            query = query.Where(o => o.PersonId == p);
        }

        var total = await query.CountAsync(cancellationToken);
        var offices = await paging.Of(query.OrderBy(o => o.Role).ThenByDescending(o => o.StartDate).ThenBy(o => o.Id)).ToListAsync(cancellationToken);
        return new Page<OfficeView>(await reader.ViewsAsync(offices, cancellationToken), total);
    }

    public async Task<Result<Versioned<OfficeView>>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var office = await db.Offices.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        return office is null ? NotFound() : await ViewAsync(office, cancellationToken);
    }

    /// <summary>The divisions with each one's head today.</summary>
    public async Task<Page<DivisionView>> DivisionsAsync(CancellationToken cancellationToken)
    {
        var divisions = await db.Divisions.AsNoTracking().OrderBy(d => d.Code).ThenBy(d => d.Id).ToListAsync(cancellationToken);
        var heads = await db.Offices.AsNoTracking()
            .Where(o => o.Role == Contracts.OfficeRoleCodes.DivisionHead)
            .Where(Office.HeldOn(BangkokTime.Today(time)))
            .ToListAsync(cancellationToken);
        var headViews = (await reader.ViewsAsync(heads, cancellationToken)).ToDictionary(v => v.DivisionId!.Value);
        var items = divisions.Select(d => new DivisionView(d.Id, d.Code, d.NameTh, d.NameEn, headViews.GetValueOrDefault(d.Id))).ToList();
        return new Page<DivisionView>(items, items.Count);
    }

    /// <summary>
    /// Assigns the term, checked against the seat's other terms while holding the seat's lock. Under an
    /// <c>Idempotency-Key</c> it runs in the transaction the flow holds; otherwise in its own.
    /// </summary>
    public async Task<Result<Versioned<OfficeView>>> AssignAsync(OfficeRequest request, CancellationToken cancellationToken)
    {
        var errors = OfficeProposal.Validate(request.Role, request.CommunityId, request.DivisionId, request.StartDate, request.EndDate);
        if (request.PersonId == Guid.Empty)
        {
            errors["personId"] = [FieldError.Required("Required: the id of a person in the registry.")];
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The term of office is not valid.");
        }

        var proposal = new OfficeProposal(request.PersonId, request.Role!, request.CommunityId, request.DivisionId, request.StartDate!.Value, request.EndDate);
        if (await UnusableAsync(proposal, cancellationToken) is { } unusable)
        {
            return unusable;
        }

        // The seat's lock row is written first, so a second assignment to the same seat waits for this
        // transaction and then sees its term (on SQLite the transaction takes the write lock at once). Under an
        // Idempotency-Key the transaction begun here is the flow's, which commits it with the stored answer.
        await using var own = await db.BeginTransactionUnlessHeldAsync(cancellationToken);
        await db.LockSeatScopeAsync(SeatScopes.Of(proposal.CommunityId, proposal.DivisionId), cancellationToken);
        var seatTerms = await db.Offices.AsNoTracking()
            .Where(o => o.Role == proposal.Role && o.CommunityId == proposal.CommunityId && o.DivisionId == proposal.DivisionId)
            .ToListAsync(cancellationToken);
        if (Seats.FindClash(seatTerms, proposal) is { } clash)
        {
            LogClash(proposal.Role, clash.Id);
            return await ClashAsync(clash, proposal, cancellationToken);
        }

        var office = registry.AssignOffice(proposal);
        await db.SaveChangesAsync(cancellationToken);
        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }

        LogAssigned(office.Id, office.Role, office.PersonId);
        return await ViewAsync(office, cancellationToken);
    }

    /// <summary>Gives the term its last day, or an earlier one; never a later one.</summary>
    /// <param name="precondition">Checks the version the caller last read (<c>If-Match</c>) against the current one.</param>
    public async Task<Result<Versioned<OfficeView>>> EndAsync(Guid id, DateOnly? endDate, Func<int, Refusal?> precondition, CancellationToken cancellationToken)
    {
        var office = await db.Offices.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (office is null)
        {
            return NotFound();
        }

        if (precondition(office.Version) is { } stale)
        {
            return stale;
        }

        if (endDate is not { } lastDay)
        {
            return Refusal.Invalid("endDate", FieldError.Required("The last day in office (yyyy-MM-dd) is required."));
        }

        if (CalendarDates.Problem(lastDay) is { } dateProblem)
        {
            return Refusal.Invalid("endDate", dateProblem);
        }

        switch (registry.EndOffice(office, lastDay))
        {
            case EndOutcome.BeforeStart:
                return Refusal.Invalid("endDate", FieldError.Rule(FieldErrorCodes.EndBeforeStart, "The end date is before the term's start date."));
            case EndOutcome.WouldExtend:
                var current = CalendarDates.Iso(office.EndDate!.Value);
                return Refusal.Of(CommunitiesProblems.TermNotExtended,
                        detail: $"This term already ends on {current}; assign a new term to continue in office.")
                    .With("endDate", current);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Stale();
        }

        return await ViewAsync(office, cancellationToken);
    }

    /// <summary>Why the proposal names a person, community or division that cannot take the office, if it does.</summary>
    private async Task<Refusal?> UnusableAsync(OfficeProposal proposal, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == proposal.PersonId, cancellationToken);
        if (person is null || person.IsErased)
        {
            return Refusal.Of(CommunitiesProblems.UnknownPerson, detail:
                    person is null ? "No person in the registry has this personId." : "This person was erased and can hold no new office.")
                .With("erased", person is not null);
        }

        if (proposal.CommunityId is { } communityId)
        {
            var community = await db.Communities.AsNoTracking().FirstOrDefaultAsync(c => c.Id == communityId, cancellationToken);
            if (community is null)
            {
                return Refusal.Of(CommunitiesProblems.UnknownCommunity, detail: "No community in the registry has this communityId.");
            }

            if (community.Status != CommunityStatus.Active)
            {
                var status = CommunityInput.CodeOf(community.Status);
                return Refusal.Of(CommunitiesProblems.CommunityNotActive, detail: $"{community.Code} is {status}: it takes no new offices.")
                    .With("status", status);
            }
        }

        return proposal.DivisionId is { } divisionId && !await db.Divisions.AnyAsync(d => d.Id == divisionId, cancellationToken)
            ? Refusal.Of(CommunitiesProblems.UnknownDivision, detail: "No division in the registry has this divisionId.")
            : null;
    }

    private async Task<Refusal> ClashAsync(Office holder, OfficeProposal proposal, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().FirstAsync(p => p.Id == holder.PersonId, cancellationToken);
        var name = person.IsErased ? "(erased)" : person.DisplayName;
        var place = await PlaceOfAsync(proposal.CommunityId, proposal.DivisionId, cancellationToken);
        var term = $"{CalendarDates.Iso(holder.StartDate)} – {(holder.EndDate is { } end ? CalendarDates.Iso(end) : "open-ended")}";
        var detail = OfficeRoles.IsSingleSeat(holder.Role)
            ? $"{place} already has a {holder.Role} for part of this term: {name} ({term})."
            : $"{name} already holds {holder.Role} in {place} for part of this term ({term}).";
        return Refusal.Of(CommunitiesProblems.OfficeClash, detail: detail)
            .With("conflictingOfficeId", holder.Id)
            .With("holder", new
            {
                officeId = holder.Id,
                personId = holder.PersonId,
                name,
                role = holder.Role,
                startDate = holder.StartDate,
                endDate = holder.EndDate,
            });
    }

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

    private async Task<Versioned<OfficeView>> ViewAsync(Office office, CancellationToken cancellationToken) =>
        new((await reader.ViewsAsync([office], cancellationToken))[0], office.Version);

    private static Refusal NotFound() => Refusal.NotFound("No such term of office.");

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
