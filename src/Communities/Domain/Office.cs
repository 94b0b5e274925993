using Municipal.ThaiCalendar;
using System.Linq.Expressions;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Communities.Domain;

/// <summary>
/// An office (วาระ): a person holding a role for a term, in a community, a division or the municipality.
/// Terms are history: an office is never deleted or reassigned; it only gains an end date.
/// </summary>
/// <remarks>Both dates are inclusive: <see cref="EndDate"/> is the last day in office.</remarks>
public sealed class Office
{
    private Office()
    {
    }

    public Guid Id { get; private set; }

    public Guid PersonId { get; private set; }

    /// <summary>A code of <see cref="Contracts.OfficeRoleCodes"/>.</summary>
    public string Role { get; private set; } = "";

    public Guid? CommunityId { get; private set; }

    public Guid? DivisionId { get; private set; }

    public DateOnly StartDate { get; private set; }

    public DateOnly? EndDate { get; private set; }

    public DateTimeOffset AssignedAt { get; private set; }

    /// <summary>When the end date was last set after the assignment.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>When <c>TermEnding</c> was published for this office (once per office).</summary>
    public DateTimeOffset? TermEndingPublishedAt { get; private set; }

    /// <summary>Optimistic concurrency: raised by every change.</summary>
    public int Version { get; private set; }

    public string SeatKey => Seats.KeyOf(Role, CommunityId, DivisionId);

    public static Office Assign(OfficeProposal proposal, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        PersonId = proposal.PersonId,
        Role = proposal.Role,
        CommunityId = proposal.CommunityId,
        DivisionId = proposal.DivisionId,
        StartDate = proposal.StartDate,
        EndDate = proposal.EndDate,
        AssignedAt = now,
        Version = 1,
    };

    /// <summary>True when the person is in office on that day: from the start date to the end date, both included (<see cref="TermDates"/>).</summary>
    public bool IsHeldOn(DateOnly date) => TermDates.HeldOn(StartDate, EndDate, date);

    /// <summary>True when the term has not ended by that day: it is held then, or starts later.</summary>
    public bool IsCurrentOrComingOn(DateOnly date) => TermDates.NotOverOn(StartDate, EndDate, date);

    /// <summary><see cref="IsHeldOn"/> for a query: the terms held on that day.</summary>
    public static Expression<Func<Office, bool>> HeldOn(DateOnly date) => TermDates.HeldOn<Office>(o => o.StartDate, o => o.EndDate, date);

    /// <summary><see cref="IsCurrentOrComingOn"/> for a query.</summary>
    public static Expression<Func<Office, bool>> CurrentOrComingOn(DateOnly date) => TermDates.NotOverOn<Office>(o => o.StartDate, o => o.EndDate, date);

    /// <summary>True when this term shares at least one day with <paramref name="start"/>–<paramref name="end"/> (open when null).</summary>
    public bool Overlaps(DateOnly start, DateOnly? end) =>
        StartDate <= (end ?? DateOnly.MaxValue) && start <= (EndDate ?? DateOnly.MaxValue);

    /// <summary>Gives the term its last day (or an earlier one). A term is never extended or reopened.</summary>
    public EndOutcome End(DateOnly lastDay, DateTimeOffset now)
    {
        if (lastDay < StartDate)
        {
            return EndOutcome.BeforeStart;
        }

        if (EndDate == lastDay)
        {
            return EndOutcome.Unchanged;
        }

        if (EndDate is { } current && lastDay > current)
        {
            return EndOutcome.WouldExtend;
        }

        EndDate = lastDay;
        EndedAt = now;
        Version++;
        return EndOutcome.Ended;
    }

    /// <summary>Days before the last day in office when <c>TermEnding</c> is announced.</summary>
    public const int TermEndingNoticeDays = 30;

    /// <summary>
    /// True when the term ends within <see cref="TermEndingNoticeDays"/> days of <paramref name="today"/>
    /// (today included) and <c>TermEnding</c> has not gone out yet. A term already over is not announced.
    /// </summary>
    public bool IsTermEndingDue(DateOnly today) =>
        TermEndingPublishedAt is null && EndDate is { } end && end >= today && end <= today.AddDays(TermEndingNoticeDays);

    /// <summary>Records that <c>TermEnding</c> went out (the database update that claims it is atomic; this mirrors it).</summary>
    public void MarkTermEndingPublished(DateTimeOffset now) => TermEndingPublishedAt ??= now;
}

public enum EndOutcome
{
    Ended,
    Unchanged,
    BeforeStart,
    WouldExtend,
}

/// <summary>A proposed term, before it is checked against the others.</summary>
public sealed record OfficeProposal(Guid PersonId, string Role, Guid? CommunityId, Guid? DivisionId, DateOnly StartDate, DateOnly? EndDate)
{
    public string SeatKey => Seats.KeyOf(Role, CommunityId, DivisionId);

    /// <summary>Every problem with the proposal on its own (not against other terms), by field.</summary>
    public static Dictionary<string, FieldError[]> Validate(string? role, Guid? communityId, Guid? divisionId, DateOnly? startDate, DateOnly? endDate)
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (!OfficeRoles.IsKnown(role))
        {
            errors["role"] = [FieldError.NotOneOf(OfficeRoles.Codes, $"Unknown role. Use one of: {string.Join(", ", OfficeRoles.Codes)}.")];
        }
        else
        {
            switch (OfficeRoles.ScopeOf(role!))
            {
                case OfficeScope.Community:
                    if (communityId is null || communityId == Guid.Empty)
                    {
                        errors["communityId"] = [FieldError.Rule(FieldErrorCodes.NeededForRole, $"A {role} holds office in a community: give its communityId.").With("role", role)];
                    }

                    if (divisionId is not null)
                    {
                        errors["divisionId"] = [FieldError.Rule(FieldErrorCodes.NotForRole, $"A {role} is not an office of a division.").With("role", role)];
                    }

                    break;
                case OfficeScope.Division:
                    if (divisionId is null || divisionId == Guid.Empty)
                    {
                        errors["divisionId"] = [FieldError.Rule(FieldErrorCodes.NeededForRole, "A division head heads a division: give its divisionId.").With("role", role)];
                    }

                    if (communityId is not null)
                    {
                        errors["communityId"] = [FieldError.Rule(FieldErrorCodes.NotForRole, "A division head is not an office of a community.").With("role", role)];
                    }

                    break;
                default:
                    if (communityId is not null)
                    {
                        errors["communityId"] = [FieldError.Rule(FieldErrorCodes.NotForRole, $"A {role} is an office of the municipality, not of a community.").With("role", role)];
                    }

                    if (divisionId is not null)
                    {
                        errors["divisionId"] = [FieldError.Rule(FieldErrorCodes.NotForRole, $"A {role} is an office of the municipality, not of a division.").With("role", role)];
                    }

                    break;
            }
        }

        if (startDate is null)
        {
            errors["startDate"] = [FieldError.Required("A start date (yyyy-MM-dd) is required.")];
        }
        else if (CalendarDates.Problem(startDate.Value) is { } startProblem)
        {
            errors["startDate"] = [startProblem];
        }

        if (endDate is { } end)
        {
            if (CalendarDates.Problem(end) is { } endProblem)
            {
                errors["endDate"] = [endProblem];
            }
            else if (startDate is { } start && end < start)
            {
                errors["endDate"] = [FieldError.Rule(FieldErrorCodes.EndBeforeStart, "The end date is before the start date.")];
            }
        }

        return errors;
    }
}

/// <summary>Seats: the places terms compete for. Terms of one seat must not overlap when the role has a single seat.</summary>
public static class Seats
{
    public static string KeyOf(string role, Guid? communityId, Guid? divisionId) =>
        $"{role}|{communityId?.ToString("N") ?? "-"}|{divisionId?.ToString("N") ?? "-"}";

    /// <summary>
    /// The term the proposal would clash with, if any: another term of the same seat that shares a day with
    /// it, when the seat is single (president, mayor, clerk, division head) or the same person already holds it.
    /// </summary>
    public static Office? FindClash(IEnumerable<Office> terms, OfficeProposal proposal)
    {
        var single = OfficeRoles.IsSingleSeat(proposal.Role);
        var key = proposal.SeatKey;
        return terms
            .Where(t => t.SeatKey == key && (single || t.PersonId == proposal.PersonId))
            .Where(t => t.Overlaps(proposal.StartDate, proposal.EndDate))
            .OrderBy(t => t.StartDate)
            .FirstOrDefault();
    }
}

/// <summary>Dates people type: caught when they are clearly not what was meant.</summary>
public static class CalendarDates
{
    public const int EarliestYear = 1900;

    public static FieldError? Problem(DateOnly date) => date.Year switch
    {
        >= BuddhistEra.FirstYearThatLooksBuddhist => FieldError.WrongCalendar(FieldCalendars.CommonEra, BuddhistEra.ToCommonEra(date.Year),
            $"{Iso(date)} looks like a Buddhist Era year: give the Common Era year ({BuddhistEra.ToCommonEra(date.Year)} for B.E. {date.Year})."),
        < EarliestYear => FieldError.Rule(FieldErrorCodes.TooLate, $"{Iso(date)} is too far in the past.").With("earliestYear", EarliestYear),
        _ => null,
    };

    /// <summary>yyyy-MM-dd in the Gregorian calendar, whatever the current culture (th-TH would write B.E. years).</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
