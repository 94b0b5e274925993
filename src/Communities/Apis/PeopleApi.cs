using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Communities.Application;
using Municipal.Communities.Domain;
using Municipal.Communities.Infrastructure;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Communities.Apis;

public static partial class PeopleApi
{
    public static RouteGroupBuilder MapPeopleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/communities/people").WithTags("People");

        api.MapGet("", ListAsync)
            .RequireAuthorization(Policies.Officials)
            .WithName("ListPeople")
            .WithSummary("People in the registry, names only (staff, executives, admins): search by name, filter by subject or community, paged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("", RegisterAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("RegisterPerson")
            .WithSummary("Register a person (staff, admin). Publishes PersonRegistered.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/me", MeAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetMyself")
            .WithSummary("The person whose account signed in (token sub = the person's subject), in full.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:guid}", GetAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetPerson")
            .WithSummary("One person with contact details and terms of office: for officials, the person, and the leader of a community " +
                "where the person holds office. Every read by someone else is logged. Carries an ETag.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/{id:guid}", UpdateAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("UpdatePerson")
            .WithSummary("Replace a person's details (staff, admin), or one's own contact details and preferences; needs If-Match. " +
                "Publishes PersonContactChanged.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        api.MapDelete("/{id:guid}", EraseAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("ErasePerson")
            .WithSummary("Erase a person (PDPA; staff, admin): names and contact details are replaced, terms stay as history. Publishes PersonErased.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:guid}/access-log", AccessLogAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetPersonAccessLog")
            .WithSummary("Who read this person's contact details, and when (admins, and the person themself).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    internal static async Task<Results<Ok<Page<PersonSummaryView>>, ValidationProblem>> ListAsync(
        CommunitiesDbContext db, TimeProvider time, CancellationToken cancellationToken,
        string? q = null, string? subject = null, Guid? communityId = null, bool erased = false,
        int page = 1, int pageSize = Paging.DefaultPageSize)
    {
        if (Http.CheckPaging(page, pageSize) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var query = db.People.AsNoTracking().Where(p => erased ? p.ErasedAt != null : p.ErasedAt == null);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            query = query.Where(p => p.FirstNameTh.Contains(text) || p.LastNameTh.Contains(text) || (p.NameEn != null && p.NameEn.Contains(text)));
        }

        if (!string.IsNullOrWhiteSpace(subject))
        {
            var s = subject.Trim();
            query = query.Where(p => p.Subject == s);
        }

        if (communityId is { } community)
        {
            var today = CalendarDates.Today(time.GetUtcNow());
            query = query.Where(p => db.Offices.Any(o => o.PersonId == p.Id && o.CommunityId == community && (o.EndDate == null || o.EndDate >= today)));
        }

        var total = await query.CountAsync(cancellationToken);
        var people = await query.OrderBy(p => p.LastNameTh).ThenBy(p => p.FirstNameTh).ThenBy(p => p.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<PersonSummaryView>(people.Select(PersonSummaryView.From).ToList(), total));
    }

    internal static async Task<Results<Created<PersonView>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        PersonInput input, CommunitiesDbContext db, Registry registry, HttpRequest request, HttpResponse response, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!ClientRequests.TryRead(request, out var requestId))
        {
            return Http.BadRequestId();
        }

        if (await db.FindAsync(requestId, cancellationToken) is { } prior)
        {
            return await AlreadyRegisteredAsync(prior, db, response, cancellationToken);
        }

        var errors = input.Validate(out var details);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The person is not valid.");
        }

        if (details!.Subject is { } subject && await db.People.AnyAsync(p => p.Subject == subject, cancellationToken))
        {
            return SubjectTaken();
        }

        var person = registry.RegisterPerson(details);
        db.Remember(requestId, "person", person.Id, registry.Now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A retry racing its original, or two registrations of one subject at once: the unique indexes let one through.
            db.ChangeTracker.Clear();
            if (await db.FindAsync(requestId, cancellationToken) is { } raced)
            {
                return await AlreadyRegisteredAsync(raced, db, response, cancellationToken);
            }

            if (details.Subject is null || !await db.People.AsNoTracking().AnyAsync(p => p.Subject == details.Subject, cancellationToken))
            {
                throw;
            }

            return SubjectTaken();
        }

        LogRegistered(loggers.CreateLogger(typeof(PeopleApi)), person.Id);
        response.SetETag(person.Version);
        return TypedResults.Created($"/api/communities/people/{person.Id}", PersonView.From(person, withContact: true, []));
    }

    private static async Task<Results<Created<PersonView>, ValidationProblem, ProblemHttpResult>> AlreadyRegisteredAsync(
        ClientRequest prior, CommunitiesDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        var person = prior.Kind == "person"
            ? await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == prior.ResourceId, cancellationToken)
            : null;
        if (person is null)
        {
            return Http.RequestIdReused();
        }

        response.SetETag(person.Version);
        return TypedResults.Created($"/api/communities/people/{person.Id}", PersonView.From(person, withContact: true, []));
    }

    internal static async Task<Results<Ok<PersonView>, NotFound>> MeAsync(
        ClaimsPrincipal user, CommunitiesDbContext db, OfficeReader reader, HttpResponse response, CancellationToken cancellationToken)
    {
        var subject = user.Subject();
        var person = subject is null ? null : await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Subject == subject, cancellationToken);
        if (person is null)
        {
            return TypedResults.NotFound();
        }

        var offices = await OfficesOfAsync(db, reader, person.Id, cancellationToken);
        response.SetETag(person.Version);
        return TypedResults.Ok(PersonView.From(person, withContact: true, offices));
    }

    internal static async Task<Results<Ok<PersonView>, NotFound, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal user, CommunitiesDbContext db, OfficeReader reader, TimeProvider time, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        var caller = Http.CallerOf(user);
        if (person is null || (person.IsErased && !caller.IsOfficial))
        {
            return TypedResults.NotFound();
        }

        var terms = await db.Offices.AsNoTracking().Where(o => o.PersonId == id).ToListAsync(cancellationToken);
        var access = ContactRules.ReadAccess(caller, person, terms, CalendarDates.Today(time.GetUtcNow()));
        if (access == PersonAccess.None)
        {
            return Http.Forbidden("Not yours to read.",
                "A person's contact details are for officials, the person themself, and the leader of a community where the person holds office.");
        }

        if (access == PersonAccess.ReadLogged && !person.IsErased)
        {
            await reader.RecordReadsAsync(caller, [person], "person", cancellationToken);
        }

        var offices = await reader.ViewsAsync(OrderByStart(terms), cancellationToken);
        response.SetETag(person.Version);
        return TypedResults.Ok(PersonView.From(person, withContact: true, offices));
    }

    internal static async Task<Results<Ok<PersonView>, ValidationProblem, NotFound, ProblemHttpResult>> UpdateAsync(
        Guid id, PersonInput input, ClaimsPrincipal user, CommunitiesDbContext db, Registry registry, OfficeReader reader,
        HttpRequest request, HttpResponse response, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        var caller = Http.CallerOf(user);
        if (person is null || (person.IsErased && !caller.IsOfficial))
        {
            return TypedResults.NotFound();
        }

        var edit = ContactRules.EditAccess(caller, person);
        if (edit == PersonEdit.None)
        {
            return Http.Forbidden("Not yours to change.", "Staff change people's details; a person changes their own contact details and preferences.");
        }

        if (person.IsErased)
        {
            return Http.Conflict("The person was erased.", "An erased person's record keeps only the history of their offices; it cannot be changed.");
        }

        if (Http.CheckIfMatch(request, person.Version) is { } precondition)
        {
            return precondition;
        }

        var errors = input.Validate(out var details);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The person is not valid.");
        }

        if (edit == PersonEdit.ContactAndPreferences && !person.ChangesOnlyContactAndPreferences(details!))
        {
            return Http.Forbidden("Only contact details and preferences.",
                "You may change your phone, email, LINE id, preferred channel and language; send your names and subject as they are.");
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
            return Http.Stale();
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
            LogChanged(loggers.CreateLogger(typeof(PeopleApi)), person.Id);
        }

        var offices = await OfficesOfAsync(db, reader, person.Id, cancellationToken);
        response.SetETag(person.Version);
        return TypedResults.Ok(PersonView.From(person, withContact: true, offices));
    }

    internal static async Task<Results<NoContent, NotFound, ProblemHttpResult>> EraseAsync(
        Guid id, CommunitiesDbContext db, Registry registry, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (person is null)
        {
            return TypedResults.NotFound();
        }

        if (registry.ErasePerson(person))
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Http.Stale();
            }

            LogErased(loggers.CreateLogger(typeof(PeopleApi)), person.Id);
        }

        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<Page<AccessLogView>>, ValidationProblem, NotFound, ProblemHttpResult>> AccessLogAsync(
        Guid id, ClaimsPrincipal user, CommunitiesDbContext db, CancellationToken cancellationToken,
        int page = 1, int pageSize = Paging.DefaultPageSize)
    {
        if (Http.CheckPaging(page, pageSize) is { } pagingProblem)
        {
            return pagingProblem;
        }

        var person = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        var caller = Http.CallerOf(user);
        if (person is null)
        {
            return TypedResults.NotFound();
        }

        if (!caller.IsAdmin && !caller.Is(person))
        {
            return Http.Forbidden("Not yours to read.", "The access log of a person is for admins and the person themself.");
        }

        var query = db.AccessLog.AsNoTracking().Where(e => e.PersonId == id);
        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<AccessLogView>(entries.Select(AccessLogView.From).ToList(), total));
    }

    private static async Task<List<OfficeView>> OfficesOfAsync(CommunitiesDbContext db, OfficeReader reader, Guid personId, CancellationToken cancellationToken) =>
        await reader.ViewsAsync(OrderByStart(await db.Offices.AsNoTracking().Where(o => o.PersonId == personId).ToListAsync(cancellationToken)), cancellationToken);

    private static List<Office> OrderByStart(IEnumerable<Office> offices) => offices.OrderByDescending(o => o.StartDate).ThenBy(o => o.Id).ToList();

    private static ProblemHttpResult SubjectTaken() =>
        Http.Conflict("The sign-in subject is taken.", "Another person in the registry already carries this subject: one account, one person.");

    [LoggerMessage(LogLevel.Information, "Registered person {PersonId}.")]
    private static partial void LogRegistered(ILogger logger, Guid personId);

    [LoggerMessage(LogLevel.Information, "Changed the details of person {PersonId}.")]
    private static partial void LogChanged(ILogger logger, Guid personId);

    [LoggerMessage(LogLevel.Information, "Erased person {PersonId}.")]
    private static partial void LogErased(ILogger logger, Guid personId);
}
