using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Infrastructure;

namespace Municipal.Notifications.Application;

/// <summary>A notice names a person the registry copy does not hold yet: retried until the registry's event has arrived.</summary>
public sealed class RecipientNotKnownYetException(Guid personId)
    : Exception($"Person {personId} is not in the registry copy yet.");

/// <summary>Finds who a notice is for, and how to reach them, in the local copies of the registry and of registrations.</summary>
public sealed class RecipientDirectory(NotificationsDbContext db)
{
    /// <summary>The person, or null when they were erased. Throws while the registry copy does not know them.</summary>
    public async Task<Recipient?> PersonAsync(Guid personId, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, cancellationToken)
            ?? throw new RecipientNotKnownYetException(personId);
        return person.IsErased ? null : await WithPreferenceAsync(person, cancellationToken);
    }

    /// <summary>Whoever signs in with <paramref name="subject"/>: the registry's person if known, else just their inbox.</summary>
    public async Task<Recipient> SubjectAsync(string subject, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking()
            .Where(p => p.Subject == subject && p.ErasedAt == null)
            .OrderByDescending(p => p.AsOf).ThenBy(p => p.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (person is not null)
        {
            return await WithPreferenceAsync(person, cancellationToken);
        }

        var preference = await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.Subject == subject, cancellationToken);
        return Recipient.ForSubject(subject, preference);
    }

    /// <summary>
    /// The submitter a request event names: a LINE reporter for a <c>line:…</c> subject (null once erased), else whoever
    /// signs in with the subject (<see cref="SubjectAsync"/>).
    /// </summary>
    public async Task<Recipient?> SubmitterAsync(string subject, CancellationToken cancellationToken)
    {
        if (!Domain.Line.LineReporter.IsSubject(subject))
        {
            return await SubjectAsync(subject, cancellationToken);
        }

        var reporter = await db.LineReporters.AsNoTracking().FirstOrDefaultAsync(r => r.Subject == subject, cancellationToken);
        return reporter is null ? null : Recipient.ForLineReporter(subject, reporter.LineUserId);
    }

    /// <summary>The current presidents of the given communities on a day (those the copy knows).</summary>
    public async Task<IReadOnlyList<Recipient>> PresidentsAsync(IReadOnlyCollection<Guid> communityIds, DateOnly day, CancellationToken cancellationToken)
    {
        var ids = communityIds.Distinct().ToList();
        var terms = await db.Offices.AsNoTracking()
            .Where(o => o.Role == OfficeRoleCodes.President && o.CommunityId != null && ids.Contains(o.CommunityId.Value))
            .ToListAsync(cancellationToken);
        var holders = terms.Where(t => t.IsHeldOn(day)).Select(t => t.PersonId).Distinct().ToList();
        return await PeopleAsync(holders, cancellationToken);
    }

    /// <summary>The current heads of a division on a day (those the copy knows); none when the division's registry id is unknown.</summary>
    public async Task<IReadOnlyList<Recipient>> DivisionHeadsAsync(Guid? divisionId, DateOnly day, CancellationToken cancellationToken)
    {
        if (divisionId is not { } id)
        {
            return [];
        }

        var terms = await db.Offices.AsNoTracking()
            .Where(o => o.Role == OfficeRoleCodes.DivisionHead && o.DivisionId == id)
            .ToListAsync(cancellationToken);
        return await PeopleAsync(terms.Where(t => t.IsHeldOn(day)).Select(t => t.PersonId).Distinct().ToList(), cancellationToken);
    }

    /// <summary>The holders of community offices on a day: of one community, or (<paramref name="communityId"/> null) of every community.</summary>
    public async Task<IReadOnlyList<Recipient>> CommunityOfficeHoldersAsync(Guid? communityId, DateOnly day, CancellationToken cancellationToken)
    {
        var roles = OfficeRoleCodes.Community.ToList();
        var terms = await db.Offices.AsNoTracking()
            .Where(o => o.CommunityId != null && roles.Contains(o.Role) && (communityId == null || o.CommunityId == communityId))
            .ToListAsync(cancellationToken);
        return await PeopleAsync(terms.Where(t => t.IsHeldOn(day)).Select(t => t.PersonId).Distinct().ToList(), cancellationToken);
    }

    /// <summary>
    /// Everyone registered (confirmed or waitlisted) for a session: the people the event names when it names
    /// them (Scheduling's list at the moment of the change), together with those the registration copy holds;
    /// each with their registration when the copy has it (for their code and whether they hold a seat).
    /// People the registry copy does not know, or who were erased, are left out.
    /// </summary>
    public async Task<IReadOnlyList<(SessionRegistration? Registration, Recipient Recipient)>> RegistrantsAsync(
        Guid sessionId, IReadOnlyCollection<Guid>? named, CancellationToken cancellationToken)
    {
        var registrations = await db.Registrations.AsNoTracking()
            .Where(r => r.SessionId == sessionId)
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
        var byPerson = registrations.GroupBy(r => r.PersonId)
            .ToDictionary(g => g.Key, g => g.FirstOrDefault(r => r.IsActive) ?? g.First());
        var personIds = named is not null
            ? named.Concat(byPerson.Values.Where(r => r.IsActive).Select(r => r.PersonId)).Distinct().ToList()
            : byPerson.Values.Where(r => r.IsActive).Select(r => r.PersonId).Distinct().ToList();
        var people = await PeopleAsync(personIds, cancellationToken);
        return people.Select(p => (byPerson.GetValueOrDefault(p.PersonId!.Value), p)).ToList();
    }

    /// <summary>Whom a stored delivery is for, as things stand now (addresses and choices may have changed since).</summary>
    public async Task<(Recipient? Recipient, bool Erased)> ForDeliveryAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        if (delivery.SharedMailbox is not null)
        {
            return (Recipient.ForMailbox(delivery.SharedMailbox), false);
        }

        if (delivery.PersonId is { } personId)
        {
            var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
            if (person is null || person.IsErased)
            {
                return (null, person is not null);
            }

            return (await WithPreferenceAsync(person, cancellationToken), false);
        }

        if (delivery.RecipientKey.StartsWith(Recipient.LineReporterKey(""), StringComparison.Ordinal))
        {
            var reporter = await SubmitterAsync(delivery.RecipientKey[Recipient.LineReporterKey("").Length..], cancellationToken);
            return (reporter, reporter is null);
        }

        return delivery.RecipientSubject is { } subject ? (await SubjectAsync(subject, cancellationToken), false) : (null, false);
    }

    private async Task<IReadOnlyList<Recipient>> PeopleAsync(IReadOnlyCollection<Guid> personIds, CancellationToken cancellationToken)
    {
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id) && p.ErasedAt == null).ToListAsync(cancellationToken);
        var subjects = people.Where(p => p.Subject is not null).Select(p => p.Subject!).ToList();
        var preferences = await db.Preferences.AsNoTracking().Where(p => subjects.Contains(p.Subject)).ToDictionaryAsync(p => p.Subject, cancellationToken);
        return people.OrderBy(p => p.Id)
            .Select(p => Recipient.ForPerson(p, p.Subject is { } s ? preferences.GetValueOrDefault(s) : null))
            .ToList();
    }

    private async Task<Recipient> WithPreferenceAsync(Person person, CancellationToken cancellationToken)
    {
        var preference = person.Subject is { } subject
            ? await db.Preferences.AsNoTracking().FirstOrDefaultAsync(p => p.Subject == subject, cancellationToken)
            : null;
        return Recipient.ForPerson(person, preference);
    }
}
