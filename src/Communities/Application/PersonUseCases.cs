using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Messaging.Outbox;
using Municipal.ThaiCalendar;

namespace Municipal.Communities.Application;

/// <summary>The filters of the list of people.</summary>
/// <param name="CommunityId">People with a current or coming term in that community.</param>
public sealed record PeopleFilter(string? Q, string? Subject, Guid? CommunityId, bool Erased);

/// <summary>Reading and changing people under the registry's rules on personal data; each command saves its own unit of work.</summary>
public sealed partial class PersonUseCases(
    CommunitiesDbContext db, Registry registry, OfficeReader reader, RegistryLeaders leaders, TimeProvider time, ILogger<PersonUseCases> logger)
{
    public async Task<Result<Page<PersonSummaryView>>> ListAsync(PeopleFilter filter, Paging paging, CancellationToken cancellationToken)
    {
        var query = db.People.AsNoTracking().Where(p => filter.Erased ? p.ErasedAt != null : p.ErasedAt == null);
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            var text = filter.Q.Trim();
            query = query.Where(p => p.FirstNameTh.Contains(text) || p.LastNameTh.Contains(text) || (p.NameEn != null && p.NameEn.Contains(text)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Subject))
        {
            var subject = filter.Subject.Trim();
            query = query.Where(p => p.Subject == subject);
        }

        if (filter.CommunityId is { } community)
        {
            var terms = db.Offices.Where(o => o.CommunityId == community).Where(Office.CurrentOrComingOn(BangkokTime.Today(time)));
            query = query.Where(p => terms.Any(o => o.PersonId == p.Id));
        }

        var total = await query.CountAsync(cancellationToken);
        var people = await paging.Of(query.OrderBy(p => p.LastNameTh).ThenBy(p => p.FirstNameTh).ThenBy(p => p.Id)).ToListAsync(cancellationToken);
        return new Page<PersonSummaryView>(people.Select(PersonSummaryView.From).ToList(), total);
    }

    public async Task<Result<Versioned<PersonView>>> RegisterAsync(PersonInput input, CancellationToken cancellationToken)
    {
        var errors = input.Validate(out var details);
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The person is not valid.");
        }

        if (details!.Subject is { } subject && await db.People.AnyAsync(p => p.Subject == subject, cancellationToken))
        {
            return SubjectTaken();
        }

        var person = registry.RegisterPerson(details);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two registrations of one subject at once: the unique index lets one through.
            db.ChangeTracker.Clear();
            if (details.Subject is null || !await db.People.AsNoTracking().AnyAsync(p => p.Subject == details.Subject, cancellationToken))
            {
                throw;
            }

            return SubjectTaken();
        }

        LogRegistered(person.Id);
        return new Versioned<PersonView>(PersonView.From(person, withContact: true, []), person.Version);
    }

    /// <summary>The person whose account signed in, in full.</summary>
    public async Task<Result<Versioned<PersonView>>> MeAsync(Caller caller, CancellationToken cancellationToken)
    {
        var person = caller.Subject is not { } subject
            ? null
            : await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Subject == subject, cancellationToken);
        return person is null
            ? Refusal.NotFound("No person carries your account.", "The registry has no person whose sign-in subject is your account's.")
            : await FullAsync(person, cancellationToken);
    }

    public async Task<Result<Versioned<PersonView>>> GetAsync(Guid id, Caller caller, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null || (person.IsErased && !caller.IsOfficial))
        {
            return NotFound();
        }

        var terms = await db.Offices.AsNoTracking().Where(o => o.PersonId == id).ToListAsync(cancellationToken);
        var access = ContactRules.ReadAccess(await leaders.VerifyAsync(caller, cancellationToken), person, terms, BangkokTime.Today(time));
        if (access == PersonAccess.None)
        {
            return Refusal.Forbidden("Not yours to read.",
                "A person's contact details are for officials, the person themself, and the leader of a community where the person holds office.");
        }

        if (access == PersonAccess.ReadLogged && !person.IsErased)
        {
            await reader.RecordReadsAsync(caller, [person], "person", cancellationToken);
        }

        var offices = await reader.ViewsAsync(OrderByStart(terms), cancellationToken);
        return new Versioned<PersonView>(PersonView.From(person, withContact: true, offices), person.Version);
    }

    /// <param name="precondition">Checks the version the caller last read (<c>If-Match</c>) against the current one.</param>
    public async Task<Result<Versioned<PersonView>>> UpdateAsync(
        Guid id, PersonInput input, Caller caller, Func<int, Refusal?> precondition, CancellationToken cancellationToken)
    {
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null || (person.IsErased && !caller.IsOfficial))
        {
            return NotFound();
        }

        var edit = ContactRules.EditAccess(caller, person);
        if (edit == PersonEdit.None)
        {
            return Refusal.Forbidden("Not yours to change.", "Staff change people's details; a person changes their own contact details and preferences.");
        }

        if (person.IsErased)
        {
            return Refusal.Of(CommunitiesProblems.PersonErased,
                detail: "An erased person's record keeps only the history of their offices; it cannot be changed.");
        }

        if (precondition(person.Version) is { } stale)
        {
            return stale;
        }

        var errors = input.Validate(out var details);
        if (errors.Count > 0)
        {
            return Refusal.Invalid(errors, "The person is not valid.");
        }

        if (edit == PersonEdit.ContactAndPreferences && !person.ChangesOnlyContactAndPreferences(details!))
        {
            return Refusal.Of(CommunitiesProblems.ContactAndPreferencesOnly, detail:
                    "You may change your phone, email, preferred channel and language; send your names, subject and LINE id as they are " +
                    "(or no LINE id, to remove it). A LINE account is linked with the link code, not typed in.")
                .With("fields", PersonInput.ContactAndPreferenceFields);
        }

        if (details!.Subject is { } subject && subject != person.Subject && await db.People.AnyAsync(p => p.Subject == subject, cancellationToken))
        {
            return SubjectTaken();
        }

        var changed = registry.ChangePerson(person, details);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Refusal.Stale();
        }
        catch (DbUpdateException) when (details.Subject is not null)
        {
            if (!await db.People.AsNoTracking().AnyAsync(p => p.Subject == details.Subject && p.Id != id, cancellationToken))
            {
                throw;
            }

            return SubjectTaken();
        }

        if (changed)
        {
            LogChanged(person.Id);
        }

        return await FullAsync(person, cancellationToken);
    }

    /// <summary>Erases the person (PDPA); erasing again changes nothing.</summary>
    public async Task<Result> EraseAsync(Guid id, CancellationToken cancellationToken)
    {
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null)
        {
            return NotFound();
        }

        var subject = person.Subject;
        // The remembered answers of the requests that assigned them an office hold their name as the holder's.
        var offices = await db.Offices.Where(o => o.PersonId == id).Select(o => o.Id).ToListAsync(cancellationToken);
        if (registry.ErasePerson(person))
        {
            // The account requests that named the person go with them, and those their account made (its name is theirs).
            db.AccountClaims.RemoveRange(await db.AccountClaims
                .Where(c => c.PersonId == id || (subject != null && c.Subject == subject)).ToListAsync(cancellationToken));
            try
            {
                // One transaction: the person's values leave the row, the events that carried them, and the remembered
                // answers of the requests that registered them or assigned them an office.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await db.ForgetAsync($"person:{person.Id:D}", [typeof(PersonRegistered), typeof(PersonContactChanged)], cancellationToken);
                await db.IdempotencyRecords.Where(r => r.ResourceId == person.Id || (r.ResourceId != null && offices.Contains(r.ResourceId.Value)))
                    .ExecuteDeleteAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Refusal.Stale();
            }

            if (db.IsSqlite)
            {
                // secure_delete zeroed the freed space in the database; the write-ahead log's older frames go now too.
                await Municipal.Messaging.Persistence.SqliteFiles.TruncateWriteAheadLogAsync(db, cancellationToken);
            }

            LogErased(person.Id);
        }

        return Result.Ok;
    }

    public async Task<Result<Page<AccessLogView>>> AccessLogAsync(Guid id, Caller caller, Paging paging, CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null)
        {
            return NotFound();
        }

        if (!ContactRules.MayReadAccessLog(caller, person))
        {
            return Refusal.Forbidden("Not yours to read.", "The access log of a person is for admins and the person themself.");
        }

        var query = db.AccessLog.AsNoTracking().Where(e => e.PersonId == id);
        var total = await query.CountAsync(cancellationToken);
        var entries = await paging.Of(query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)).ToListAsync(cancellationToken);
        return new Page<AccessLogView>(entries.Select(AccessLogView.From).ToList(), total);
    }

    private async Task<Versioned<PersonView>> FullAsync(Person person, CancellationToken cancellationToken)
    {
        var terms = await db.Offices.AsNoTracking().Where(o => o.PersonId == person.Id).ToListAsync(cancellationToken);
        var offices = await reader.ViewsAsync(OrderByStart(terms), cancellationToken);
        return new Versioned<PersonView>(PersonView.From(person, withContact: true, offices), person.Version);
    }

    private static List<Office> OrderByStart(IEnumerable<Office> offices) => offices.OrderByDescending(o => o.StartDate).ThenBy(o => o.Id).ToList();

    private static Refusal NotFound() => Refusal.NotFound("No such person.");

    private static Refusal SubjectTaken() => Refusal.Of(CommunitiesProblems.SubjectTaken,
        detail: "Another person in the registry already carries this subject: one account, one person.");

    [LoggerMessage(LogLevel.Information, "Registered person {PersonId}.")]
    private partial void LogRegistered(Guid personId);

    [LoggerMessage(LogLevel.Information, "Changed the details of person {PersonId}.")]
    private partial void LogChanged(Guid personId);

    [LoggerMessage(LogLevel.Information, "Erased person {PersonId}.")]
    private partial void LogErased(Guid personId);
}
