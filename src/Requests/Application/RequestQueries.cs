using Municipal.Edge;
using Municipal.Requests.Domain;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Requests.Application;

/// <summary>The filters of <c>GET /api/requests</c> (and, in part, of the public list and the statistics).</summary>
public sealed record RequestFilter
{
    public Guid? Community { get; init; }
    public string? Category { get; init; }
    public string? Status { get; init; }
    public string? Division { get; init; }
    public bool? Overdue { get; init; }
    public int? FiscalYear { get; init; }

    /// <summary>Only what the caller submitted (for leaders, who otherwise see their whole community).</summary>
    public bool? Mine { get; init; }

    /// <summary>Only what is assigned to the caller (an officer's "assigned to me").</summary>
    public bool? AssignedToMe { get; init; }

    public int? Page { get; init; }
    public int? PageSize { get; init; }
}

internal static class RequestQueries
{
    /// <summary>Checks the filter's codes; the parsed status, if one was given.</summary>
    public static Dictionary<string, FieldError[]> Validate(string? category, string? status, int? fiscalYear, out RequestStatus? parsedStatus)
    {
        var errors = new Dictionary<string, FieldError[]>();
        parsedStatus = null;
        if (category is not null && !RequestCategories.IsKnown(category))
        {
            errors["category"] = [FieldError.NotOneOf(RequestCategories.Codes, $"Unknown category. Use one of: {string.Join(", ", RequestCategories.Codes)}.")];
        }

        if (status is not null)
        {
            if (RequestStatuses.TryParse(status, out var s))
            {
                parsedStatus = s;
            }
            else
            {
                errors["status"] = [FieldError.NotOneOf(RequestStatuses.Codes, $"Unknown status. Use one of: {string.Join(", ", RequestStatuses.Codes)}.")];
            }
        }

        if (fiscalYear is { } year && CalendarInput.YearProblem(year) is { } yearProblem)
        {
            errors["fiscalYear"] = [yearProblem];
        }

        return errors;
    }

    /// <summary>What the caller may list: officials everything, a leader their community and their own, anyone else their own.</summary>
    public static IQueryable<ServiceRequest> VisibleTo(this IQueryable<ServiceRequest> query, Caller caller, bool mine)
    {
        var self = caller.Subject ?? "";
        if (!mine && caller.IsOfficial)
        {
            return query;
        }

        if (!mine && caller.IsLeader && caller.CommunityId is { } community)
        {
            return query.Where(r => r.CommunityId == community || r.SubmitterSubject == self);
        }

        return query.Where(r => r.SubmitterSubject == self);
    }

    public static IQueryable<ServiceRequest> Filter(this IQueryable<ServiceRequest> query,
        Guid? community, string? category, RequestStatus? status, string? division, int? fiscalYear)
    {
        if (community is { } c)
        {
            query = query.Where(r => r.CommunityId == c);
        }

        if (category is not null)
        {
            query = query.Where(r => r.Category == category);
        }

        if (status is { } s)
        {
            query = query.Where(r => r.Status == s);
        }

        if (division is not null)
        {
            query = query.Where(r => r.DivisionCode == division);
        }

        if (fiscalYear is { } year)
        {
            query = query.Where(r => r.FiscalYear == year);
        }

        return query;
    }

    /// <summary>Newest first; the id (time-ordered) breaks ties.</summary>
    public static IOrderedQueryable<ServiceRequest> Newest(this IQueryable<ServiceRequest> query) =>
        query.OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id);
}
