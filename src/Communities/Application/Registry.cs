using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;

namespace Municipal.Communities.Application;

/// <summary>
/// Every change to the registry and the event that announces it, raised together: the change and its event
/// are added to the same unit of work and committed by the caller's one <c>SaveChanges</c>.
/// </summary>
public sealed class Registry(CommunitiesDbContext db, TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    public Community RegisterCommunity(CommunityDetails details, Guid? id = null)
    {
        var now = Now;
        var community = Community.Register(details, now, id);
        db.Communities.Add(community);
        db.SeatLocks.Add(new SeatLock { Key = SeatScopes.OfCommunity(community.Id) });
        db.EnqueueEvent(new CommunityRegistered
        {
            CommunityId = community.Id,
            Code = community.Code,
            NameTh = community.NameTh,
            NameEn = community.NameEn,
            Zone = community.Zone,
            Status = CommunityInput.CodeOf(community.Status),
            Latitude = community.Latitude,
            Longitude = community.Longitude,
            OccurredAt = now,
        }, time);
        return community;
    }

    /// <summary>Applies new details; says whether anything changed (and so whether <c>CommunityChanged</c> was raised).</summary>
    public bool ChangeCommunity(Community community, CommunityDetails details)
    {
        if (!community.Update(details))
        {
            return false;
        }

        db.EnqueueEvent(new CommunityChanged
        {
            CommunityId = community.Id,
            Code = community.Code,
            NameTh = community.NameTh,
            NameEn = community.NameEn,
            Zone = community.Zone,
            Status = CommunityInput.CodeOf(community.Status),
            StatusDate = community.StatusDate,
            MergedInto = community.MergedInto,
            Latitude = community.Latitude,
            Longitude = community.Longitude,
            OccurredAt = Now,
        }, time);
        return true;
    }

    public Division RegisterDivision(string code, string nameTh, string? nameEn)
    {
        var now = Now;
        var division = Division.Register(code, nameTh, nameEn, now);
        db.Divisions.Add(division);
        db.SeatLocks.Add(new SeatLock { Key = SeatScopes.OfDivision(division.Id) });
        db.EnqueueEvent(new DivisionRegistered
        {
            DivisionId = division.Id,
            Code = division.Code,
            NameTh = division.NameTh,
            NameEn = division.NameEn,
            OccurredAt = now,
        }, time);
        return division;
    }

    public Person RegisterPerson(PersonDetails details, Guid? id = null)
    {
        var now = Now;
        var person = Person.Register(details, now, id);
        db.People.Add(person);
        db.EnqueueEvent(new PersonRegistered
        {
            PersonId = person.Id,
            Subject = person.Subject,
            Title = person.Title,
            FirstNameTh = person.FirstNameTh,
            LastNameTh = person.LastNameTh,
            NameEn = person.NameEn,
            Contact = ContactOf(person),
            OccurredAt = now,
        }, time);
        return person;
    }

    /// <summary>Applies new details; says whether anything changed (and so whether <c>PersonContactChanged</c> was raised).</summary>
    public bool ChangePerson(Person person, PersonDetails details)
    {
        var now = Now;
        if (!person.Update(details, now))
        {
            return false;
        }

        db.EnqueueEvent(new PersonContactChanged
        {
            PersonId = person.Id,
            Subject = person.Subject,
            Title = person.Title,
            FirstNameTh = person.FirstNameTh,
            LastNameTh = person.LastNameTh,
            NameEn = person.NameEn,
            Contact = ContactOf(person),
            OccurredAt = now,
        }, time);
        return true;
    }

    /// <summary>Erases the person (PDPA); says whether they were not erased before (and so whether <c>PersonErased</c> was raised).</summary>
    public bool ErasePerson(Person person)
    {
        var subject = person.Subject;
        var now = Now;
        if (!person.Erase(now))
        {
            return false;
        }

        // The event carries the former subject: other services find their copies by it.
        db.EnqueueEvent(new PersonErased { PersonId = person.Id, Subject = subject, OccurredAt = now }, time);
        return true;
    }

    /// <summary>Adds the term. The caller has checked it against the seat's other terms, holding the seat's lock.</summary>
    public Office AssignOffice(OfficeProposal proposal)
    {
        var now = Now;
        var office = Office.Assign(proposal, now);
        db.Offices.Add(office);
        db.EnqueueEvent(new OfficeAssigned
        {
            OfficeId = office.Id,
            PersonId = office.PersonId,
            Role = office.Role,
            CommunityId = office.CommunityId,
            DivisionId = office.DivisionId,
            StartDate = office.StartDate,
            EndDate = office.EndDate,
            OccurredAt = now,
        }, time);
        return office;
    }

    public EndOutcome EndOffice(Office office, DateOnly lastDay)
    {
        var now = Now;
        var outcome = office.End(lastDay, now);
        if (outcome == EndOutcome.Ended)
        {
            db.EnqueueEvent(new OfficeEnded
            {
                OfficeId = office.Id,
                PersonId = office.PersonId,
                Role = office.Role,
                CommunityId = office.CommunityId,
                DivisionId = office.DivisionId,
                EndDate = lastDay,
                OccurredAt = now,
            }, time);
        }

        return outcome;
    }

    public void RecordContactRead(Caller reader, Guid personId, string purpose) =>
        db.AccessLog.Add(AccessLogEntry.Record(reader, personId, purpose, Now));

    private static ContactDetails ContactOf(Person person) => new()
    {
        Email = person.Email,
        PhoneE164 = person.PhoneE164,
        LineUserId = person.LineUserId,
        PreferredChannel = ContactCodes.Of(person.PreferredChannel),
        Language = ContactCodes.Of(person.Language),
    };
}

/// <summary>The lock rows that serialise assignments: one per community, one per division, one for the municipality.</summary>
public static class SeatScopes
{
    public const string Municipality = "municipality";

    public static string OfCommunity(Guid id) => $"community:{id:N}";

    public static string OfDivision(Guid id) => $"division:{id:N}";

    public static string Of(Guid? communityId, Guid? divisionId) =>
        communityId is { } c ? OfCommunity(c) : divisionId is { } d ? OfDivision(d) : Municipality;
}
