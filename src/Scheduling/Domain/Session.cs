using System.Linq.Expressions;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Scheduling.Domain;

/// <summary>
/// One meeting of a programme (ครั้งที่ N): when, where, how many seats, the agenda, and how it went.
/// The seat counters (<see cref="ConfirmedCount"/>, <see cref="WaitlistTicket"/>) change only through
/// atomic conditional updates in the database (see <see cref="SeatRules"/>), never by reading and writing them here.
/// </summary>
public sealed class Session
{
    public const int TitleMaxLength = 300;
    public const int AgendaItemMaxLength = 500;
    public const int MaxAgendaItems = 50;
    public const int MinutesMaxLength = 20000;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    private Session()
    {
    }

    public Guid Id { get; private set; }

    public Guid ProgrammeId { get; private set; }

    /// <summary>The number within the programme: ครั้งที่ 1, 2, …</summary>
    public int Number { get; private set; }

    public string Title { get; private set; } = "";

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public Guid VenueId { get; private set; }

    /// <summary>Seats offered; never more than the venue holds.</summary>
    public int Capacity { get; private set; }

    /// <summary>Confirmed registrations holding a seat. Never exceeds <see cref="Capacity"/>.</summary>
    public int ConfirmedCount { get; private set; }

    /// <summary>The last waitlist ticket handed out: tickets order the waitlist by arrival.</summary>
    public long WaitlistTicket { get; private set; }

    public List<string> Agenda { get; private set; } = [];

    public SessionStatus Status { get; private set; }

    /// <summary>iCalendar SEQUENCE: rises with every significant change and on cancellation.</summary>
    public int Sequence { get; private set; }

    /// <summary>Rises with every change staff make; the <c>ETag</c> of the session.</summary>
    public int Version { get; private set; }

    /// <summary>
    /// Rises at the start of every transaction that changes the session's seats or registrations. Updating the
    /// row first makes such transactions take their turn on it, in the same order on every database.
    /// </summary>
    public long Revision { get; private set; }

    public string? CancellationReason { get; private set; }

    /// <summary>Recorded when the session is closed: how many people were there.</summary>
    public int? AttendeeCount { get; private set; }

    public string? Minutes { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool IsActive => Status != SessionStatus.Cancelled;

    public static Session Schedule(Guid programmeId, int number, SessionDraft draft, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ProgrammeId = programmeId,
        Number = number,
        Title = draft.Title.Trim(),
        StartsAt = draft.StartsAt,
        EndsAt = draft.EndsAt,
        VenueId = draft.VenueId,
        Capacity = draft.Capacity,
        Agenda = draft.Agenda.Select(a => a.Trim()).Where(a => a.Length > 0).ToList(),
        Status = SessionStatus.Scheduled,
        Sequence = 0,
        Version = 1,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Two time ranges overlap when each starts before the other ends (touching ends do not overlap).</summary>
    public static bool Overlap(DateTimeOffset aStart, DateTimeOffset aEnd, DateTimeOffset bStart, DateTimeOffset bEnd) =>
        aStart < bEnd && bStart < aEnd;

    /// <summary>
    /// Applies staff's changes. Returns what changed; the caller checks the venue and seats first.
    /// SEQUENCE rises when anything a calendar shows changes (time, place, title, agenda).
    /// </summary>
    public SessionChange Update(SessionDraft draft, DateTimeOffset now)
    {
        if (Status != SessionStatus.Scheduled)
        {
            throw new InvalidOperationException($"A {Status.Code()} session cannot be changed.");
        }

        var agenda = draft.Agenda.Select(a => a.Trim()).Where(a => a.Length > 0).ToList();
        var change = new SessionChange(
            Moved: draft.StartsAt != StartsAt || draft.EndsAt != EndsAt || draft.VenueId != VenueId,
            Retitled: !string.Equals(draft.Title.Trim(), Title, StringComparison.Ordinal) || !agenda.SequenceEqual(Agenda, StringComparer.Ordinal),
            CapacityChanged: draft.Capacity != Capacity,
            PreviousStartsAt: StartsAt,
            PreviousEndsAt: EndsAt,
            PreviousVenueId: VenueId);

        Title = draft.Title.Trim();
        StartsAt = draft.StartsAt;
        EndsAt = draft.EndsAt;
        VenueId = draft.VenueId;
        Capacity = draft.Capacity;
        Agenda = agenda;
        if (change.Moved || change.Retitled)
        {
            Sequence++;
        }

        if (change.Any)
        {
            Version++;
            UpdatedAt = now;
        }

        return change;
    }

    public void Cancel(string? reason, DateTimeOffset now)
    {
        if (Status != SessionStatus.Scheduled)
        {
            throw new InvalidOperationException($"A {Status.Code()} session cannot be cancelled.");
        }

        Status = SessionStatus.Cancelled;
        CancellationReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        Sequence++;
        Version++;
        UpdatedAt = now;
    }

    /// <summary>Closes the session after it took place, with the head count and the minutes.</summary>
    public void Close(int attendeeCount, string? minutes, DateTimeOffset now)
    {
        if (Status != SessionStatus.Scheduled)
        {
            throw new InvalidOperationException($"A {Status.Code()} session cannot be closed.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(attendeeCount);
        Status = SessionStatus.Completed;
        AttendeeCount = attendeeCount;
        Minutes = string.IsNullOrWhiteSpace(minutes) ? null : minutes.Trim();
        Version++;
        UpdatedAt = now;
    }
}

/// <summary>What a change to a session touched.</summary>
public sealed record SessionChange(
    bool Moved, bool Retitled, bool CapacityChanged, DateTimeOffset PreviousStartsAt, DateTimeOffset PreviousEndsAt, Guid PreviousVenueId)
{
    public bool Any => Moved || Retitled || CapacityChanged;
}

/// <summary>
/// The seat rules, as expressions the database evaluates inside one conditional UPDATE, so that the capacity
/// check and the seat taken are a single atomic statement.
/// </summary>
public static class SeatRules
{
    /// <summary>A seat can be taken while the session is scheduled and fewer seats are confirmed than it offers.</summary>
    public static readonly Expression<Func<Session, bool>> HasFreeSeat =
        s => s.Status == SessionStatus.Scheduled && s.ConfirmedCount < s.Capacity;

    /// <summary>A newcomer goes on the waitlist only while the session is scheduled and full.</summary>
    public static readonly Expression<Func<Session, bool>> IsFull =
        s => s.Status == SessionStatus.Scheduled && s.ConfirmedCount >= s.Capacity;

    /// <summary><see cref="HasFreeSeat"/> of a session in memory (one read while its row is held).</summary>
    public static readonly Func<Session, bool> SeatIsFree = HasFreeSeat.Compile();

    /// <summary><see cref="IsFull"/> of a session in memory.</summary>
    public static readonly Func<Session, bool> IsFullNow = IsFull.Compile();

    /// <summary>1-based position on the waitlist of the holder of <paramref name="ticket"/>, given the tickets still waiting.</summary>
    public static int WaitlistPosition(long ticket, IEnumerable<long> waitingTickets) => waitingTickets.Count(t => t < ticket) + 1;
}

/// <summary>What staff send to schedule or change a session, with times already read as UTC instants.</summary>
public sealed record SessionDraft
{
    public string Title { get; init; } = "";
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public Guid VenueId { get; init; }
    public int Capacity { get; init; }
    public IReadOnlyList<string> Agenda { get; init; } = [];

    /// <summary>Rules that need nothing but the draft, the venue's capacity and the programme's fiscal year.</summary>
    public Dictionary<string, FieldError[]> Validate(int venueCapacity, FiscalYear fiscalYear)
    {
        var errors = new Dictionary<string, FieldError[]>();
        if (string.IsNullOrWhiteSpace(Title))
        {
            errors["title"] = [FieldError.Required("A title is required.")];
        }
        else if (Title.Trim().Length > Session.TitleMaxLength)
        {
            errors["title"] = [FieldError.TooLong(Session.TitleMaxLength, $"The title may have at most {Session.TitleMaxLength} characters.")];
        }

        if (EndsAt <= StartsAt)
        {
            errors["endsAt"] = [FieldError.Rule(FieldErrorCodes.EndBeforeStart, "The session must end after it starts.")];
        }
        else if (EndsAt - StartsAt > Session.MaxDuration)
        {
            errors["endsAt"] = [FieldError.Rule(FieldErrorCodes.LongerThanADay, "A session lasts at most 24 hours.")];
        }

        if (!fiscalYear.Contains(BangkokTime.DateOf(StartsAt)))
        {
            errors["startsAt"] = [FieldError.Rule(FieldErrorCodes.OutsideFiscalYear,
                $"The session must take place in the programme's fiscal year ({fiscalYear.FirstDay:yyyy-MM-dd} to {fiscalYear.LastDay:yyyy-MM-dd}, FY {fiscalYear.BuddhistEra}).")
                .With("fiscalYear", fiscalYear.BuddhistEra)];
        }

        if (Capacity < 1)
        {
            errors["capacity"] = [FieldError.OutOfRange(1, venueCapacity, "A session offers at least one seat.")];
        }
        else if (Capacity > venueCapacity)
        {
            errors["capacity"] = [FieldError.Rule(FieldErrorCodes.OverVenueCapacity, $"The venue holds {venueCapacity} people; the capacity may not exceed it.").With("max", venueCapacity)];
        }

        if (Agenda.Count > Session.MaxAgendaItems)
        {
            errors["agenda"] = [FieldError.TooLong(Session.MaxAgendaItems, $"At most {Session.MaxAgendaItems} agenda items.").With("items", true)];
        }
        else if (Agenda.Any(a => a is null || a.Length > Session.AgendaItemMaxLength))
        {
            errors["agenda"] = [FieldError.TooLong(Session.AgendaItemMaxLength, $"Each agenda item is text of at most {Session.AgendaItemMaxLength} characters.")];
        }

        return errors;
    }
}
