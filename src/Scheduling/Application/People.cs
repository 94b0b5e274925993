using Microsoft.EntityFrameworkCore;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Scheduling.Application;

/// <summary>Who is calling: their token, and the registry person their sign-in subject is linked to.</summary>
public sealed record Caller(string? Subject, bool IsStaff, bool IsOfficial, Guid? PersonId)
{
    /// <summary>May act on what belongs to <paramref name="personId"/>: the person themself, or staff.</summary>
    public bool MayActFor(Guid personId) => IsStaff || PersonId == personId;
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

    public static async Task<Caller> CallerAsync(SchedulingDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var subject = user.Subject();
        var person = await BySubjectAsync(db, subject, cancellationToken);
        return new Caller(subject, user.IsStaff(), user.IsOfficial(), person?.Id);
    }

    /// <summary>The community a person represents today, from their current offices.</summary>
    public static async Task<Guid?> CommunityOfAsync(SchedulingDbContext db, Guid personId, DateOnly today, CancellationToken cancellationToken)
    {
        var offices = await db.Offices.AsNoTracking().Where(o => o.PersonId == personId && o.CommunityId != null).ToListAsync(cancellationToken);
        return RegistryOffice.CommunityOf(offices, today);
    }
}
