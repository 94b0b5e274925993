using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.Edge;
using Municipal.ThaiCalendar;

namespace Municipal.Communities.Application;

/// <summary>
/// A leader's rights come from the registry as well as the token: a token that names its bearer a leader of a
/// community counts only while the registry has a person with the token's subject holding an office in that
/// community today. A term that ended, or a subject the registry has never heard of, leads nothing.
/// </summary>
public sealed class RegistryLeaders(CommunitiesDbContext db, TimeProvider time)
{
    /// <summary>The caller as the registry vouches for them: a leader the registry does not confirm leads no community.</summary>
    public async Task<Caller> VerifyAsync(Caller caller, CancellationToken cancellationToken)
    {
        if (!caller.IsLeader || caller.CommunityId is not { } community || caller.IsOfficial)
        {
            return caller;
        }

        var today = BangkokTime.Today(time);
        var subject = caller.Subject ?? "";
        var confirmed = await db.People.AsNoTracking()
            .Where(p => p.Subject == subject && p.ErasedAt == null)
            .AnyAsync(p => db.Offices.Where(o => o.PersonId == p.Id && o.CommunityId == community).Where(Office.HeldOn(today)).Any(), cancellationToken);
        return confirmed ? caller : ContactRules.Unconfirmed(caller);
    }
}
