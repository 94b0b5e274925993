using Municipal.Edge;
using Municipal.Scheduling.Domain;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Application;

/// <summary>What staff send to schedule or change a session. Times without an offset are Bangkok wall-clock time.</summary>
public sealed record SessionInput
{
    /// <summary>Required to schedule; ignored when changing.</summary>
    public Guid? ProgrammeId { get; init; }
    /// <summary>Default: the next number in the programme.</summary>
    public int? Number { get; init; }
    public string? Title { get; init; }
    /// <summary>e.g. <c>2019-11-19T09:00</c> (Bangkok) or <c>2019-11-19T02:00:00Z</c>.</summary>
    public string? StartsAt { get; init; }
    public string? EndsAt { get; init; }
    /// <summary>Required to schedule; when changing, default: the current venue.</summary>
    public Guid? VenueId { get; init; }
    /// <summary>Default: the venue's capacity (scheduling) or the current capacity (changing).</summary>
    public int? Capacity { get; init; }
    public IReadOnlyList<string>? Agenda { get; init; }

    /// <summary>The draft of a new session in <paramref name="venue"/> (the one <see cref="VenueId"/> names, if it exists).</summary>
    public Result<SessionDraft> ToNewDraft(Venue? venue)
    {
        var errors = TimesAndTitle(out var startsAt, out var endsAt);
        if (ProgrammeId is null)
        {
            errors["programmeId"] = [FieldError.Required("The programme is required.")];
        }

        if (VenueId is null)
        {
            errors["venueId"] = [FieldError.Required("The venue is required.")];
        }

        return errors.Count > 0
            ? Refusal.Invalid(errors, "The session is not valid.")
            : Draft(startsAt, endsAt, VenueId!.Value, Capacity ?? venue?.Capacity ?? 0, Agenda ?? []);
    }

    /// <summary>The draft of a change to <paramref name="current"/>: what is left out stays as it is.</summary>
    public Result<SessionDraft> ToChangeOf(Session current)
    {
        var errors = TimesAndTitle(out var startsAt, out var endsAt);
        return errors.Count > 0
            ? Refusal.Invalid(errors, "The session is not valid.")
            : Draft(startsAt, endsAt, VenueId ?? current.VenueId, Capacity ?? current.Capacity, Agenda ?? current.Agenda);
    }

    private SessionDraft Draft(DateTimeOffset startsAt, DateTimeOffset endsAt, Guid venueId, int capacity, IReadOnlyList<string> agenda) => new()
    {
        Title = Title!,
        StartsAt = startsAt,
        EndsAt = endsAt,
        VenueId = venueId,
        Capacity = capacity,
        Agenda = agenda,
    };

    private Dictionary<string, FieldError[]> TimesAndTitle(out DateTimeOffset startsAt, out DateTimeOffset endsAt)
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (Time(StartsAt, out startsAt, "A start time is required, e.g. 2019-11-19T09:00 (Bangkok time) or with an offset.") is { } startProblem)
        {
            errors["startsAt"] = [startProblem];
        }

        if (Time(EndsAt, out endsAt, "An end time is required, e.g. 2019-11-19T16:00 (Bangkok time) or with an offset.") is { } endProblem)
        {
            errors["endsAt"] = [endProblem];
        }

        if (string.IsNullOrWhiteSpace(Title))
        {
            errors["title"] = [FieldError.Required("A title is required.")];
        }

        return errors;
    }

    /// <summary>A time as people give it (Bangkok wall-clock or with an offset), in the Common Era.</summary>
    private static FieldError? Time(string? text, out DateTimeOffset instant, string message)
    {
        if (!BangkokTime.TryParse(text, out instant))
        {
            return string.IsNullOrWhiteSpace(text) ? FieldError.Required(message) : FieldError.BadFormat(FieldFormats.DateTime, message);
        }

        return CalendarInput.DateProblem(BangkokTime.DateOf(instant));
    }
}
