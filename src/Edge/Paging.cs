using Municipal.ServiceDefaults.Problems;

namespace Municipal.Edge;

/// <summary>Every list answers <c>{ "items": [...], "total": n }</c>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total);

/// <summary>
/// The paging of a list: <c>page</c> from 1, <c>pageSize</c> 1 to <see cref="MaxPageSize"/>
/// (<see cref="DefaultPageSize"/> when not given). Bad paging is a 400 naming <c>page</c> or <c>pageSize</c>.
/// </summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    public int Skip => (Page - 1) * PageSize;

    public static Result<Paging> From(int? page, int? pageSize)
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (page is < 1)
        {
            errors["page"] = [FieldError.OutOfRange(1, int.MaxValue, "Pages are numbered from 1.")];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [FieldError.OutOfRange(1, MaxPageSize, $"A page holds 1 to {MaxPageSize} items.")];
        }

        return errors.Count > 0
            ? Refusal.Invalid(errors, "The paging is not valid.")
            : new Paging(page ?? 1, pageSize ?? DefaultPageSize);
    }

    /// <summary>One page of an ordered query (order it stably first: a unique key last).</summary>
    public IQueryable<T> Of<T>(IQueryable<T> ordered) => ordered.Skip(Skip).Take(PageSize);
}
