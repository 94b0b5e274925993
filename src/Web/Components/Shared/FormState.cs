using Municipal.Web.Api;
using Municipal.Web.Localization;

namespace Municipal.Web.Components.Shared;

/// <summary>
/// The state of one form: the checks made before sending (the same rules the API applies, as hints), the
/// problem the API answered, and whether a call is under way. The form's own fields are never cleared by a
/// failure: what the person typed stays. Each send is an <see cref="Attempt"/>: the error summary takes focus
/// once per attempt that failed.
/// </summary>
public sealed class FormState
{
    private readonly Dictionary<string, List<string>> _local = new(StringComparer.OrdinalIgnoreCase);

    public Problem? Problem { get; private set; }

    public bool Busy { get; set; }

    public bool HasErrors => _local.Count > 0;

    /// <summary>Something to show: the form's own checks failed, or the API refused.</summary>
    public bool Failed => _local.Count > 0 || Problem is not null;

    /// <summary>Counts the sends; the error summary takes focus once for each that failed.</summary>
    public int Attempt { get; private set; }

    public void Reset()
    {
        _local.Clear();
        Problem = null;
        Attempt++;
    }

    public void Fail(Problem problem) => Problem = problem;

    /// <summary>Checks a rule; adds the message for the field when it does not hold.</summary>
    public void Require(bool holds, string field, string thai, string english)
    {
        if (!holds)
        {
            Add(field, L.T(thai, english));
        }
    }

    /// <summary>Adds a message (already in the page's language) for the field.</summary>
    public void Add(string field, string message)
    {
        if (!_local.TryGetValue(field, out var messages))
        {
            _local[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>A B.E. year typed into the field, or null (with the reason added) when it is not one.</summary>
    public int? Year(string field, string? typed, bool required = true)
    {
        var outcome = ThaiInput.Year(typed, out var year);
        if (ThaiInput.YearMessage(outcome, typed, required) is { } message)
        {
            Add(field, message);
        }

        return outcome == ThaiInput.Outcome.Ok ? year : null;
    }

    /// <summary>A date typed day/month/B.E. year into the field (C.E. inside), or null (with the reason added) when it is not one.</summary>
    public DateOnly? Date(string field, string? typed, bool required = true)
    {
        var outcome = ThaiInput.Date(typed, out var date);
        if (ThaiInput.DateMessage(outcome, typed, required) is { } message)
        {
            Add(field, message);
        }

        return outcome == ThaiInput.Outcome.Ok ? date : null;
    }

    /// <summary>Messages for a field: the form's own checks first, else the API's, said from their codes.</summary>
    public IReadOnlyList<string> For(string field) =>
        _local.TryGetValue(field, out var local)
            ? local
            : Problem is { } problem ? FieldText.For(problem, field) : [];

    public bool Invalid(string field) => For(field).Count > 0;

    /// <summary>Every field at fault with its messages, in the order they were found (for the error summary).</summary>
    public IReadOnlyList<(string Field, IReadOnlyList<string> Messages)> Faults =>
        _local.Keys.Concat(Problem?.Fields ?? []).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(f => (f, For(f)))
            .Where(f => f.Item2.Count > 0)
            .ToList();
}
