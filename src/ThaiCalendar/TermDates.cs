using System.Linq.Expressions;

namespace Municipal.ThaiCalendar;

/// <summary>
/// The one rule for the dates of a term of office, which every service that keeps terms (the registry and its copies)
/// applies: a term is held on a day from its first day through its last, both included, and without a last day it is
/// still held. A term is "not over" on a day it is held or before it starts (current or coming). Days are Bangkok dates
/// (<see cref="BangkokTime.Today"/>). The query forms bind the day as a captured value, so EF Core sends it as a parameter.
/// </summary>
public static class TermDates
{
    private static readonly Expression<Func<DateOnly, DateOnly?, DateOnly, bool>> HeldOnRule =
        (start, end, day) => start <= day && (end == null || day <= end);

    private static readonly Expression<Func<DateOnly, DateOnly?, DateOnly, bool>> NotOverOnRule =
        (start, end, day) => end == null || day <= end;

    private static readonly Func<DateOnly, DateOnly?, DateOnly, bool> Held = HeldOnRule.Compile();

    private static readonly Func<DateOnly, DateOnly?, DateOnly, bool> NotOver = NotOverOnRule.Compile();

    /// <summary>Whether a term from <paramref name="start"/> to <paramref name="end"/> (open when null) is held on <paramref name="day"/>.</summary>
    public static bool HeldOn(DateOnly start, DateOnly? end, DateOnly day) => Held(start, end, day);

    /// <summary>Whether the term has not ended by <paramref name="day"/>: it is held then, or starts later.</summary>
    public static bool NotOverOn(DateOnly start, DateOnly? end, DateOnly day) => NotOver(start, end, day);

    /// <summary><see cref="HeldOn(DateOnly, DateOnly?, DateOnly)"/> for a query over terms of type <typeparamref name="T"/>.</summary>
    public static Expression<Func<T, bool>> HeldOn<T>(Expression<Func<T, DateOnly>> start, Expression<Func<T, DateOnly?>> end, DateOnly day) =>
        Bind(HeldOnRule, start, end, day);

    /// <summary><see cref="NotOverOn(DateOnly, DateOnly?, DateOnly)"/> for a query over terms of type <typeparamref name="T"/>.</summary>
    public static Expression<Func<T, bool>> NotOverOn<T>(Expression<Func<T, DateOnly>> start, Expression<Func<T, DateOnly?>> end, DateOnly day) =>
        Bind(NotOverOnRule, start, end, day);

    private static Expression<Func<T, bool>> Bind<T>(
        Expression<Func<DateOnly, DateOnly?, DateOnly, bool>> rule, Expression<Func<T, DateOnly>> start, Expression<Func<T, DateOnly?>> end, DateOnly day)
    {
        var term = start.Parameters[0];
        Expression<Func<DateOnly>> captured = () => day;
        var body = new Substitution(new Dictionary<ParameterExpression, Expression>
        {
            [rule.Parameters[0]] = start.Body,
            [rule.Parameters[1]] = new Substitution(new() { [end.Parameters[0]] = term }).Visit(end.Body),
            [rule.Parameters[2]] = captured.Body,
        }).Visit(rule.Body);
        return Expression.Lambda<Func<T, bool>>(body, term);
    }

    private sealed class Substitution(Dictionary<ParameterExpression, Expression> values) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => values.TryGetValue(node, out var value) ? value : node;
    }
}
