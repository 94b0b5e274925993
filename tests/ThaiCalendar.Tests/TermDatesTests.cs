namespace Municipal.ThaiCalendar.Tests;

/// <summary>The rule of a term's dates, in memory and as the query form the services send to their databases.</summary>
public sealed class TermDatesTests
{
    private sealed record Term(DateOnly StartDate, DateOnly? EndDate);

    private static readonly DateOnly Start = new(2024, 10, 1);
    private static readonly DateOnly End = new(2026, 9, 30);

    public static TheoryData<DateOnly, DateOnly?, DateOnly, bool, bool> Days => new()
    {
        // start, end, day, held, not over
        { Start, End, Start.AddDays(-1), false, true },  // coming: not held yet, not over
        { Start, End, Start, true, true },               // the first day is held
        { Start, End, End, true, true },                 // the last day is held
        { Start, End, End.AddDays(1), false, false },    // the day after the end: over
        { Start, null, new DateOnly(2040, 1, 1), true, true }, // no end: still held
        { Start, Start, Start, true, true },             // a one-day term
    };

    [Theory]
    [MemberData(nameof(Days))]
    public void A_term_is_held_from_its_first_day_through_its_last(DateOnly start, DateOnly? end, DateOnly day, bool held, bool notOver)
    {
        Assert.Equal(held, TermDates.HeldOn(start, end, day));
        Assert.Equal(notOver, TermDates.NotOverOn(start, end, day));
    }

    [Theory]
    [MemberData(nameof(Days))]
    public void The_query_form_selects_the_same_terms(DateOnly start, DateOnly? end, DateOnly day, bool held, bool notOver)
    {
        var terms = new[] { new Term(start, end) }.AsQueryable();

        Assert.Equal(held, terms.Any(TermDates.HeldOn<Term>(t => t.StartDate, t => t.EndDate, day)));
        Assert.Equal(notOver, terms.Any(TermDates.NotOverOn<Term>(t => t.StartDate, t => t.EndDate, day)));
    }
}
