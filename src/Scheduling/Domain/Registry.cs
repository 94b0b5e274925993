using Municipal.ThaiCalendar;
using System.Linq.Expressions;

namespace Municipal.Scheduling.Domain;

// The local copy of the Communities registry, fed by its events. Scheduling never calls Communities at
// request time. Personal data kept is the minimum a meeting needs: names to print the attendance sheet,
// and the sign-in subject to know who is registering. Contact details stay with Communities and Notifications.

/// <summary>A community as the registry last described it.</summary>
public sealed class RegistryCommunity
{
    public Guid Id { get; set; }

    public string Code { get; set; } = "";

    public string NameTh { get; set; } = "";

    public string? NameEn { get; set; }

    /// <summary><c>active</c>, <c>merged</c> or <c>dissolved</c>.</summary>
    public string Status { get; set; } = "active";

    /// <summary>When the registry made the change this row reflects; older events are ignored.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A person as the registry last described them.</summary>
public sealed class RegistryPerson
{
    public Guid Id { get; set; }

    /// <summary>The sign-in subject (<c>sub</c>) of the person's account, when they have one.</summary>
    public string? Subject { get; set; }

    public string? Title { get; set; }

    public string FirstNameTh { get; set; } = "";

    public string LastNameTh { get; set; } = "";

    public string? NameEn { get; set; }

    /// <summary>Erased under PDPA: the names and the subject are gone, only the id remains for counts.</summary>
    public bool Erased { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string DisplayName => Erased ? "(erased)" : $"{Title}{FirstNameTh} {LastNameTh}".Trim();

    public void Erase(DateTimeOffset at)
    {
        Erased = true;
        Subject = null;
        Title = null;
        FirstNameTh = "";
        LastNameTh = "";
        NameEn = null;
        UpdatedAt = at;
    }
}

/// <summary>A term of office: a person holding a role (in a community or the municipality) from a date to a date.</summary>
public sealed class RegistryOffice
{
    public Guid Id { get; set; }

    public Guid PersonId { get; set; }

    public string Role { get; set; } = "";

    public Guid? CommunityId { get; set; }

    public Guid? DivisionId { get; set; }

    public DateOnly StartDate { get; set; }

    public DateOnly? EndDate { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Whether the term covers the date: from its first day through its last, or open-ended (<see cref="TermDates"/>).</summary>
    public bool IsHeldOn(DateOnly date) => TermDates.HeldOn(StartDate, EndDate, date);

    /// <summary><see cref="IsHeldOn"/> for a query: the terms held on that day.</summary>
    public static Expression<Func<RegistryOffice, bool>> HeldOn(DateOnly date) => TermDates.HeldOn<RegistryOffice>(o => o.StartDate, o => o.EndDate, date);

    /// <summary>
    /// The community a person belongs to on a date, for attendance by community: the community of their
    /// most senior current community office, or none (a municipal official).
    /// </summary>
    public static Guid? CommunityOf(IEnumerable<RegistryOffice> offices, DateOnly date) => offices
        .Where(o => o.CommunityId is not null && o.IsHeldOn(date))
        .OrderBy(o => OfficeSeniority.Of(o.Role)).ThenBy(o => o.StartDate).ThenBy(o => o.Id)
        .Select(o => o.CommunityId)
        .FirstOrDefault();
}
