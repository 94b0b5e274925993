using Municipal.Web.Api;
using Municipal.Web.Localization;

namespace Municipal.Web.Components.Shared;

/// <summary>
/// The state of one form: the checks made before sending (the same rules the API applies, as hints), the
/// problem the API answered, and whether a call is under way. The form's own fields are never cleared by a
/// failure: what the person typed stays.
/// </summary>
public sealed class FormState
{
    private readonly Dictionary<string, List<string>> _local = new(StringComparer.OrdinalIgnoreCase);

    public Problem? Problem { get; private set; }

    public bool Busy { get; set; }

    public bool HasErrors => _local.Count > 0;

    public void Reset()
    {
        _local.Clear();
        Problem = null;
    }

    public void Fail(Problem problem) => Problem = problem;

    /// <summary>Checks a rule; adds the message for the field when it does not hold.</summary>
    public void Require(bool holds, string field, string thai, string english)
    {
        if (!holds)
        {
            if (!_local.TryGetValue(field, out var messages))
            {
                _local[field] = messages = [];
            }

            messages.Add(L.T(thai, english));
        }
    }

    /// <summary>Messages for a field: the form's own checks first, else the API's (in Thai where known).</summary>
    public IReadOnlyList<string> For(string field) =>
        _local.TryGetValue(field, out var local)
            ? local
            : Problem?.For(field).Select(ProblemText.Message).ToList() ?? [];

    public bool Invalid(string field) => For(field).Count > 0;
}
