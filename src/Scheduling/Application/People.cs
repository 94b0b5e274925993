using Microsoft.EntityFrameworkCore;
using Municipal.Edge;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;

namespace Municipal.Scheduling.Application;

/// <summary>Who is calling: their token, and the registry person their sign-in subject is linked to (if any).</summary>
public sealed record RegistryCaller(Caller Caller, Guid? PersonId)
{
    public string? Subject => Caller.Subject;

    public bool IsStaff => Caller.IsStaff;

    public bool IsOfficial => Caller.IsOfficial;

    /// <summary>May act on what belongs to <paramref name="personId"/>: the person themself, or staff.</summary>
    public bool MayActFor(Guid personId) => IsStaff || PersonId == personId;

    /// <summary>The person the caller acts as, or why there is none.</summary>
    public Result<Guid> Person => PersonId is { } id ? (Result<Guid>)id : Refusals.NotLinkedToRegistry;

    /// <summary>Whom to register: the caller, or the person a staff member names.</summary>
    public Result<Guid> Registrant(Guid? named) => named is { } someone && someone != PersonId
        ? IsStaff ? (Result<Guid>)someone : Refusal.Forbidden("Only staff register other people.", "Leave personId out to register yourself.")
        : Person;

    /// <summary>Whose registrations to list: the caller's, or the person a staff member names.</summary>
    public Result<Guid> Whose(Guid? named) => named is { } someone && someone != PersonId
        ? IsStaff ? (Result<Guid>)someone : Refusal.Forbidden("Only staff look at other people's registrations.")
        : Person;
}

public static class People
{
    /// <summary>The registry person whose account has this sign-in subject, if the registry has told us of one.</summary>
    public static async Task<RegistryPerson?> BySubjectAsync(SchedulingDbContext db, string? subject, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(subject)
            ? null
            : await db.People.AsNoTracking()
                .Where(p => p.Subject == subject && !p.Erased)
                .OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Id)
                .FirstOrDefaultAsync(cancellationToken);

    public static async Task<RegistryCaller> IdentifyAsync(SchedulingDbContext db, Caller caller, CancellationToken cancellationToken) =>
        new(caller, (await BySubjectAsync(db, caller.Subject, cancellationToken))?.Id);

    /// <summary>The community a person represents today, from their current offices.</summary>
    public static async Task<Guid?> CommunityOfAsync(SchedulingDbContext db, Guid personId, DateOnly today, CancellationToken cancellationToken)
    {
        var offices = await db.Offices.AsNoTracking().Where(o => o.PersonId == personId && o.CommunityId != null).ToListAsync(cancellationToken);
        return RegistryOffice.CommunityOf(offices, today);
    }
}
