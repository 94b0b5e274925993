using Municipal.ThaiCalendar;

namespace Municipal.Notifications.Domain;

/// <summary>The local copy of one office (a person holding a role for a term), from <c>OfficeAssigned</c>/<c>OfficeEnded</c>.</summary>
public sealed class OfficeTerm
{
    private OfficeTerm()
    {
    }

    public Guid Id { get; private set; }

    public Guid PersonId { get; private set; }

    public string Role { get; private set; } = "";

    public Guid? CommunityId { get; private set; }

    public Guid? DivisionId { get; private set; }

    public DateOnly StartDate { get; private set; }

    public DateOnly? EndDate { get; private set; }

    public static OfficeTerm Assign(Guid id, Guid personId, string role, Guid? communityId, Guid? divisionId, DateOnly start, DateOnly? end) => new()
    {
        Id = id,
        PersonId = personId,
        Role = role,
        CommunityId = communityId,
        DivisionId = divisionId,
        StartDate = start,
        EndDate = end,
    };

    /// <summary>A term that ends earlier than planned keeps the earlier end; an end never moves later by an old message.</summary>
    public void End(DateOnly endDate) => EndDate = EndDate is { } current && current < endDate ? current : endDate;

    /// <summary>The assignment arrived after the end: it brings the real start date.</summary>
    public void LearnStart(DateOnly start) => StartDate = start;

    /// <summary>Whether the office is held on that date: from its start to its end, both included (no end: still held).</summary>
    public bool IsHeldOn(DateOnly date) => TermDates.HeldOn(StartDate, EndDate, date);
}
