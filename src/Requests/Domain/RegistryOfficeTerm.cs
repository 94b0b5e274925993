using Municipal.ThaiCalendar;
namespace Municipal.Requests.Domain;

/// <summary>
/// A term of office as Requests keeps it (a read copy fed by <c>OfficeAssigned</c> and <c>OfficeEnded</c>): who held which
/// role in which community from when to when — enough to tell whether a leader's token is one the registry vouches for.
/// Messages may arrive out of order: the end may come before the assignment, and an older message never undoes a newer one.
/// </summary>
public sealed class RegistryOfficeTerm
{
    private RegistryOfficeTerm()
    {
    }

    public Guid Id { get; private set; }

    public Guid PersonId { get; private set; }

    public string Role { get; private set; } = "";

    public Guid? CommunityId { get; private set; }

    public DateOnly StartDate { get; private set; }

    public DateOnly? EndDate { get; private set; }

    /// <summary>When the registry made the change the end date reflects; older messages leave it alone.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The term as an <c>OfficeAssigned</c> describes it.</summary>
    public static RegistryOfficeTerm Assigned(Guid id, Guid personId, string role, Guid? communityId, DateOnly start, DateOnly? end, DateTimeOffset occurredAt) =>
        new() { Id = id, PersonId = personId, Role = role, CommunityId = communityId, StartDate = start, EndDate = end, UpdatedAt = occurredAt };

    /// <summary>
    /// The end overtook the assignment: the term is kept with what is known, starting on its last day, so it is never
    /// taken as current beyond its end; the assignment brings the real start when it comes.
    /// </summary>
    public static RegistryOfficeTerm EndedFirst(Guid id, Guid personId, string role, Guid? communityId, DateOnly end, DateTimeOffset occurredAt) =>
        new() { Id = id, PersonId = personId, Role = role, CommunityId = communityId, StartDate = end, EndDate = end, UpdatedAt = occurredAt };

    /// <summary>
    /// An <c>OfficeAssigned</c> for a term already held: the start, holder and place are the assignment's; its end date
    /// replaces the one held only when the assignment is not older than what set it (an end that came first stands).
    /// </summary>
    public void Assign(Guid personId, string role, Guid? communityId, DateOnly start, DateOnly? end, DateTimeOffset occurredAt)
    {
        PersonId = personId;
        Role = role;
        CommunityId = communityId;
        StartDate = start;
        if (occurredAt >= UpdatedAt)
        {
            EndDate = end;
            UpdatedAt = occurredAt;
        }
    }

    /// <summary>An <c>OfficeEnded</c>: the term ends on that date, unless what is held is newer.</summary>
    public bool End(DateOnly end, DateTimeOffset occurredAt)
    {
        if (occurredAt < UpdatedAt)
        {
            return false;
        }

        EndDate = end;
        UpdatedAt = occurredAt;
        return true;
    }

    /// <summary>Whether the term covers the date: from its first day through its last, or open-ended.</summary>
    public bool IsHeldOn(DateOnly date) => TermDates.HeldOn(StartDate, EndDate, date);
}
