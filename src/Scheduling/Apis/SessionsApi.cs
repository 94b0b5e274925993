using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Scheduling.Apis;

public static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/sessions").WithTags("Sessions");

        api.MapGet("", ListAsync)
            .AllowAnonymous()
            .WithName("ListSessions")
            .WithSummary("The public schedule: sessions by start time; ?programmeId=, ?from=/?to= (yyyy-MM-dd, Bangkok), ?lang=th|en.")
            .ProducesValidationProblem();

        api.MapPost("", CreateAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("ScheduleSession")
            .WithSummary("Schedule a session of a programme; times in Bangkok time unless they carry an offset (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/{id:guid}", GetAsync)
            .AllowAnonymous()
            .WithName("GetSession")
            .WithSummary("One session, with its ETag (the version to send back in If-Match).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/{id:guid}", UpdateAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("UpdateSession")
            .WithSummary("Change a session: time, venue, capacity, title, agenda. A move publishes SessionRescheduled (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/{id:guid}/cancel", CancelAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("CancelSession")
            .WithSummary("Cancel a session; its registrants are told and no reminders go out (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:guid}/close", CloseAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("CloseSession")
            .WithSummary("Close a session that took place: head count (default: those checked in) and minutes (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/{id:guid}/invitations", InviteAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("InviteToSession")
            .WithSummary("Invite the current holders of the programme's target offices (or the roles given) who are not invited yet (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/{id:guid}/invitations", ListInvitationsAsync)
            .RequireAuthorization(Policies.Officials)
            .WithName("ListInvitations")
            .WithSummary("Who was invited to a session (officials).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:guid}/registrations", ListRegistrationsAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("ListSessionRegistrations")
            .WithSummary("Registrations of a session: officials see all (?format=csv exports them), anyone else only their own.")
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status200OK, contentType: Csv.ContentType)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{id:guid}/registrations", RegisterAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("RegisterForSession")
            .WithSummary("Register yourself (staff may name personId): confirmed while seats remain, else waitlisted. Registering again returns the same registration (200).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/{id:guid}/check-ins", CheckInAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("CheckIn")
            .WithSummary("Check a person in by code (typed or scanned) or, for a walk-in, by personId while seats remain. Twice is harmless (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/{id:guid}/issues", ListIssuesAsync)
            .RequireAuthorization(SchedulingPolicies.ReadMinutes)
            .WithName("ListSessionIssues")
            .WithSummary("The problems raised at a session: officials see all, a community leader those of their community.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/{id:guid}/issues", RaiseIssueAsync)
            .RequireAuthorization(Policies.Staff)
            .WithName("RecordSessionIssue")
            .WithSummary("Record a problem a community raised at the session; publishes IssueRaisedAtSession for Requests (staff).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/{id:guid}/calendar.ics", CalendarAsync)
            .AllowAnonymous()
            .WithName("GetSessionCalendar")
            .WithSummary("The session as iCalendar: stable UID, SEQUENCE rising with each change, STATUS:CANCELLED when cancelled.")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    /// <summary>What staff send to schedule or change a session. Times without an offset are Bangkok wall-clock time.</summary>
    public sealed record SessionInput
    {
        /// <summary>Required to schedule; ignored when changing.</summary>
        public Guid? ProgrammeId { get; init; }
        /// <summary>Default: the next number in the programme.</summary>
        public int? Number { get; init; }
        public string? Title { get; init; }
        /// <summary>e.g. <c>2019-11-19T09:00</c> (Bangkok) or <c>2019-11-19T02:00:00Z</c>.</summary>
        public string? StartsAt { get; init; }
        public string? EndsAt { get; init; }
        /// <summary>Required to schedule; when changing, default: the current venue.</summary>
        public Guid? VenueId { get; init; }
        /// <summary>Default: the venue's capacity (scheduling) or the current capacity (changing).</summary>
        public int? Capacity { get; init; }
        public IReadOnlyList<string>? Agenda { get; init; }
    }

    public sealed record CancelRequest(string? Reason);

    public sealed record CloseRequest(int? AttendeeCount, string? Minutes);

    public sealed record InviteRequest(IReadOnlyList<string>? Roles);

    public sealed record RegisterRequest(Guid? PersonId);

    public sealed record CheckInRequest(string? Code, Guid? PersonId);

    internal static async Task<IReadOnlyList<SessionView>> ViewsAsync(SchedulingDbContext db, Guid programmeId, Language language, CancellationToken cancellationToken)
    {
        var rows = await db.Sessions.AsNoTracking().Where(s => s.ProgrammeId == programmeId)
            .Join(db.Venues.AsNoTracking(), s => s.VenueId, v => v.Id, (s, v) => new { s, v })
            .OrderBy(x => x.s.Number).ToListAsync(cancellationToken);
        return rows.Select(x => SessionView.From(x.s, x.v, language)).ToList();
    }

    private static async Task<SessionView?> ViewAsync(SchedulingDbContext db, Guid id, Language language, CancellationToken cancellationToken)
    {
        var row = await db.Sessions.AsNoTracking().Where(s => s.Id == id)
            .Join(db.Venues.AsNoTracking(), s => s.VenueId, v => v.Id, (s, v) => new { s, v })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : SessionView.From(row.s, row.v, language);
    }

    private static (SessionDraft? Draft, Dictionary<string, string[]> Errors) Read(SessionInput input, Venue? venue, Session? current)
    {
        var errors = new Dictionary<string, string[]>();
        if (!BangkokTime.TryParse(input.StartsAt, out var startsAt))
        {
            errors["startsAt"] = ["A start time is required, e.g. 2019-11-19T09:00 (Bangkok time) or with an offset."];
        }

        if (!BangkokTime.TryParse(input.EndsAt, out var endsAt))
        {
            errors["endsAt"] = ["An end time is required, e.g. 2019-11-19T16:00 (Bangkok time) or with an offset."];
        }

        if (string.IsNullOrWhiteSpace(input.Title))
        {
            errors["title"] = ["A title is required."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new SessionDraft
        {
            Title = input.Title!,
            StartsAt = startsAt,
            EndsAt = endsAt,
            VenueId = input.VenueId ?? current?.VenueId ?? Guid.Empty,
            Capacity = input.Capacity ?? current?.Capacity ?? venue?.Capacity ?? 0,
            Agenda = input.Agenda ?? current?.Agenda ?? [],
        }, errors);
    }

    internal static async Task<Results<Ok<Page<SessionView>>, ProblemHttpResult>> ListAsync(
        HttpContext http, SchedulingDbContext db, CancellationToken cancellationToken,
        Guid? programmeId = null, string? from = null, string? to = null, int page = 1, int pageSize = 20)
    {
        if (ApiSupport.CheckPaging(page, pageSize) is { } bad)
        {
            return bad.ToProblem();
        }

        var errors = new Dictionary<string, string[]>();
        DateOnly fromDate = default, toDate = default;
        if (from is not null && !DateOnly.TryParseExact(from, "yyyy-MM-dd", out fromDate))
        {
            errors["from"] = ["A date as yyyy-MM-dd."];
        }

        if (to is not null && !DateOnly.TryParseExact(to, "yyyy-MM-dd", out toDate))
        {
            errors["to"] = ["A date as yyyy-MM-dd."];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors).ToProblem();
        }

        var query = db.Sessions.AsNoTracking();
        if (programmeId is { } programme)
        {
            query = query.Where(s => s.ProgrammeId == programme);
        }

        if (from is not null)
        {
            var start = BangkokTime.FromLocal(fromDate, TimeOnly.MinValue);
            query = query.Where(s => s.EndsAt > start);
        }

        if (to is not null)
        {
            var end = BangkokTime.FromLocal(toDate.AddDays(1), TimeOnly.MinValue);
            query = query.Where(s => s.StartsAt < end);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.Join(db.Venues.AsNoTracking(), s => s.VenueId, v => v.Id, (s, v) => new { s, v })
            .OrderBy(x => x.s.StartsAt).ThenBy(x => x.s.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var language = http.Language();
        return TypedResults.Ok(new Page<SessionView>(rows.Select(x => SessionView.From(x.s, x.v, language)).ToList(), total));
    }

    internal static async Task<Results<Created<SessionView>, ProblemHttpResult>> CreateAsync(
        SessionInput input, HttpContext http, SchedulingDbContext db, SessionService sessions, CancellationToken cancellationToken)
    {
        var venue = input.VenueId is { } venueId ? await db.Venues.AsNoTracking().FirstOrDefaultAsync(v => v.Id == venueId, cancellationToken) : null;
        var (draft, errors) = Read(input, venue, null);
        if (input.ProgrammeId is null)
        {
            errors["programmeId"] = ["The programme is required."];
        }

        if (input.VenueId is null)
        {
            errors["venueId"] = ["The venue is required."];
        }

        if (errors.Count > 0)
        {
            return Failure.Invalid(errors, "The session is not valid.").ToProblem();
        }

        var scheduled = await sessions.ScheduleAsync(input.ProgrammeId!.Value, input.Number, draft!, cancellationToken);
        if (!scheduled.Succeeded)
        {
            return scheduled.Failure!.ToProblem();
        }

        var view = (await ViewAsync(db, scheduled.Value!.Id, http.Language(), cancellationToken))!;
        http.Response.Headers.ETag = ApiSupport.ETag(view.Version);
        return TypedResults.Created($"/api/scheduling/sessions/{view.Id}", view);
    }

    internal static async Task<Results<Ok<SessionView>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, SchedulingDbContext db, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(db, id, http.Language(), cancellationToken);
        if (view is null)
        {
            return Failure.NotFound("No such session.").ToProblem();
        }

        http.Response.Headers.ETag = ApiSupport.ETag(view.Version);
        return TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<SessionView>, ProblemHttpResult>> UpdateAsync(
        Guid id, SessionInput input, HttpContext http, SchedulingDbContext db, SessionService sessions, CancellationToken cancellationToken)
    {
        var expected = http.IfMatchVersion();
        if (expected == -1)
        {
            return Failure.Invalid("If-Match", "If-Match carries the session's ETag, e.g. \"3\".").ToProblem();
        }

        var current = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (current is null)
        {
            return Failure.NotFound("No such session.").ToProblem();
        }

        var (draft, errors) = Read(input, null, current);
        if (errors.Count > 0)
        {
            return Failure.Invalid(errors, "The session is not valid.").ToProblem();
        }

        var updated = await sessions.UpdateAsync(id, draft!, expected, cancellationToken);
        if (!updated.Succeeded)
        {
            return updated.Failure!.ToProblem();
        }

        var view = (await ViewAsync(db, id, http.Language(), cancellationToken))!;
        http.Response.Headers.ETag = ApiSupport.ETag(view.Version);
        return TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<SessionView>, ProblemHttpResult>> CancelAsync(
        Guid id, CancelRequest? request, HttpContext http, SchedulingDbContext db, SessionService sessions, CancellationToken cancellationToken)
    {
        var cancelled = await sessions.CancelAsync(id, request?.Reason, cancellationToken);
        return cancelled.Succeeded
            ? TypedResults.Ok((await ViewAsync(db, id, http.Language(), cancellationToken))!)
            : cancelled.Failure!.ToProblem();
    }

    internal static async Task<Results<Ok<SessionView>, ProblemHttpResult>> CloseAsync(
        Guid id, CloseRequest? request, HttpContext http, SchedulingDbContext db, SessionService sessions, CancellationToken cancellationToken)
    {
        var closed = await sessions.CloseAsync(id, request?.AttendeeCount, request?.Minutes, cancellationToken);
        return closed.Succeeded
            ? TypedResults.Ok((await ViewAsync(db, id, http.Language(), cancellationToken))!)
            : closed.Failure!.ToProblem();
    }

    internal static async Task<Results<Ok<InvitationRoundView>, ProblemHttpResult>> InviteAsync(
        Guid id, InviteRequest? request, ClaimsPrincipal user, InvitationService invitations, CancellationToken cancellationToken)
    {
        var round = await invitations.InviteAsync(id, request?.Roles, user.Subject(), cancellationToken);
        return round.Value is { } value ? TypedResults.Ok(new InvitationRoundView(value.Issued, value.Total)) : round.Failure!.ToProblem();
    }

    internal static async Task<Results<Ok<Page<InvitationView>>, ProblemHttpResult>> ListInvitationsAsync(
        Guid id, SchedulingDbContext db, AttendanceReports reports, CancellationToken cancellationToken, int page = 1, int pageSize = 100)
    {
        if (ApiSupport.CheckPaging(page, pageSize) is { } bad)
        {
            return bad.ToProblem();
        }

        if (!await db.Sessions.AnyAsync(s => s.Id == id, cancellationToken))
        {
            return Failure.NotFound("No such session.").ToProblem();
        }

        var query = db.Invitations.AsNoTracking().Where(i => i.SessionId == id);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(i => i.IssuedAt).ThenBy(i => i.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var names = await reports.NamesAsync(items.Select(i => i.PersonId), cancellationToken);
        return TypedResults.Ok(new Page<InvitationView>(
            items.Select(i => new InvitationView(i.Id, i.PersonId, names.GetValueOrDefault(i.PersonId), i.Role, BangkokTime.ToLocal(i.IssuedAt))).ToList(), total));
    }

    internal static async Task<Results<Ok<Page<RegistrationView>>, FileContentHttpResult, ProblemHttpResult>> ListRegistrationsAsync(
        Guid id, HttpContext http, ClaimsPrincipal user, SchedulingDbContext db, AttendanceReports reports, CancellationToken cancellationToken,
        int page = 1, int pageSize = 100)
    {
        if (ApiSupport.CheckPaging(page, pageSize) is { } bad)
        {
            return bad.ToProblem();
        }

        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null)
        {
            return Failure.NotFound("No such session.").ToProblem();
        }

        var caller = await People.CallerAsync(db, user, cancellationToken);
        var csv = http.WantsCsv();
        if (csv && !caller.IsOfficial)
        {
            return Failure.Forbidden("Only officials export registrations.").ToProblem();
        }

        var query = db.Registrations.AsNoTracking().Where(r => r.SessionId == id);
        if (!caller.IsOfficial)
        {
            // A leader sees their own registrations only.
            var me = caller.PersonId ?? Guid.Empty;
            query = query.Where(r => r.PersonId == me);
        }

        // Confirmed first, then the waitlist in order, then cancelled.
        var all = await query.ToListAsync(cancellationToken);
        var ordered = all
            .OrderBy(r => r.Status switch { RegistrationStatus.Confirmed => 0, RegistrationStatus.Waitlisted => 1, _ => 2 })
            .ThenBy(r => r.Status == RegistrationStatus.Waitlisted ? r.WaitlistTicket : 0)
            .ThenBy(r => r.RegisteredAt).ThenBy(r => r.Id)
            .ToList();
        var waiting = await db.Registrations.AsNoTracking()
            .Where(r => r.SessionId == id && r.Status == RegistrationStatus.Waitlisted)
            .OrderBy(r => r.WaitlistTicket).ThenBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
        var positions = waiting.Select((registrationId, index) => (registrationId, index)).ToDictionary(x => x.registrationId, x => (int?)(x.index + 1));
        var names = caller.IsOfficial ? await reports.NamesAsync(ordered.Select(r => r.PersonId), cancellationToken) : [];

        if (csv)
        {
            var communities = await reports.CommunitiesAsync(cancellationToken);
            var rows = ordered.Select(r => (IReadOnlyList<string?>)
            [
                r.Code, r.Status.Code(), positions.GetValueOrDefault(r.Id)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                r.PersonId.ToString(), names.GetValueOrDefault(r.PersonId),
                r.CommunityId is { } c && communities.TryGetValue(c, out var community) ? community.Code : null,
                r.CommunityId is { } c2 && communities.TryGetValue(c2, out var community2) ? community2.NameTh : null,
                Csv.Local(r.RegisteredAt), Csv.Local(r.CheckedInAt), r.WalkIn ? "yes" : "no",
            ]);
            var bytes = Csv.Write(["code", "status", "waitlist_position", "person_id", "name", "community_code", "community_name", "registered_at", "checked_in_at", "walk_in"], rows);
            return TypedResults.File(bytes, Csv.ContentType, $"registrations-session-{session.Number}.csv");
        }

        var pageItems = ordered.Skip((page - 1) * pageSize).Take(pageSize)
            .Select(r => RegistrationView.From(r, positions.GetValueOrDefault(r.Id), names.GetValueOrDefault(r.PersonId)))
            .ToList();
        return TypedResults.Ok(new Page<RegistrationView>(pageItems, ordered.Count));
    }

    internal static async Task<Results<Created<RegistrationView>, Ok<RegistrationView>, ProblemHttpResult>> RegisterAsync(
        Guid id, RegisterRequest? request, ClaimsPrincipal user, SchedulingDbContext db, RegistrationService registrations, CancellationToken cancellationToken)
    {
        var caller = await People.CallerAsync(db, user, cancellationToken);
        Guid personId;
        if (request?.PersonId is { } named && named != caller.PersonId)
        {
            if (!caller.IsStaff)
            {
                return Failure.Forbidden("Only staff register other people.", "Leave personId out to register yourself.").ToProblem();
            }

            personId = named;
        }
        else if (caller.PersonId is { } me)
        {
            personId = me;
        }
        else
        {
            return Failure.UnknownPerson.ToProblem();
        }

        var registered = await registrations.RegisterAsync(id, personId, caller.Subject, cancellationToken);
        if (!registered.Succeeded)
        {
            return registered.Failure!.ToProblem();
        }

        var view = RegistrationView.From(registered.Value!);
        return registered.Value!.Created
            ? TypedResults.Created($"/api/scheduling/registrations/{view.Id}", view)
            : TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<CheckInView>, ProblemHttpResult>> CheckInAsync(
        Guid id, CheckInRequest request, ClaimsPrincipal user, CheckInService checkIns, CancellationToken cancellationToken)
    {
        var checkedIn = await checkIns.CheckInAsync(id, request.Code, request.PersonId, user.Subject(), cancellationToken);
        return checkedIn.Value is { } value
            ? TypedResults.Ok(new CheckInView(RegistrationView.From(value.Registration, null), value.AlreadyCheckedIn))
            : checkedIn.Failure!.ToProblem();
    }

    internal static async Task<Results<Ok<Page<IssueView>>, ProblemHttpResult>> ListIssuesAsync(
        Guid id, ClaimsPrincipal user, SchedulingDbContext db, CancellationToken cancellationToken, int page = 1, int pageSize = 100)
    {
        if (ApiSupport.CheckPaging(page, pageSize) is { } bad)
        {
            return bad.ToProblem();
        }

        if (!await db.Sessions.AnyAsync(s => s.Id == id, cancellationToken))
        {
            return Failure.NotFound("No such session.").ToProblem();
        }

        var query = db.Issues.AsNoTracking().Where(i => i.SessionId == id);
        if (!user.IsOfficial())
        {
            var community = user.CommunityId() ?? Guid.Empty;
            query = query.Where(i => i.CommunityId == community);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(i => i.RaisedAt).ThenBy(i => i.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new Page<IssueView>(items.Select(IssueView.From).ToList(), total));
    }

    internal static async Task<Results<Created<IssueView>, ProblemHttpResult>> RaiseIssueAsync(
        Guid id, IssueSubmission submission, ClaimsPrincipal user, SchedulingDbContext db, TimeProvider time,
        Microsoft.Extensions.Options.IOptions<SchedulingOptions> options, CancellationToken cancellationToken)
    {
        var errors = submission.Validate();
        if (errors.Count > 0)
        {
            return Failure.Invalid(errors, "The issue is not valid.").ToProblem();
        }

        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (session is null)
        {
            return Failure.NotFound("No such session.").ToProblem();
        }

        var now = time.GetUtcNow();
        if (session.Status == SessionStatus.Cancelled)
        {
            return Failure.Conflict("The session was cancelled; nothing was raised at it.").ToProblem();
        }

        if (now < session.StartsAt - options.Value.CheckInOpensBefore)
        {
            return Failure.Conflict("The session has not taken place yet.", "Issues are recorded during or after the session.").ToProblem();
        }

        if (!await db.Communities.AnyAsync(c => c.Id == submission.CommunityId, cancellationToken))
        {
            return Failure.Unprocessable("The community is not in the registry.").ToProblem();
        }

        var issue = RaisedIssue.Record(id, submission, user.Subject(), now);
        db.Issues.Add(issue);
        db.EnqueueEvent(new IssueRaisedAtSession
        {
            IssueId = issue.Id,
            SessionId = id,
            CommunityId = issue.CommunityId,
            Category = issue.Category,
            Description = issue.Description,
            Latitude = issue.Latitude,
            Longitude = issue.Longitude,
            RecordedBySubject = issue.RecordedBySubject,
            RaisedAt = now,
        }, time);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/scheduling/sessions/{id}/issues/{issue.Id}", IssueView.From(issue));
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CalendarAsync(
        Guid id, SchedulingDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var row = await db.Sessions.AsNoTracking().Where(s => s.Id == id)
            .Join(db.Venues.AsNoTracking(), s => s.VenueId, v => v.Id, (s, v) => new { s, v })
            .Join(db.Programmes.AsNoTracking(), x => x.s.ProgrammeId, p => p.Id, (x, p) => new { x.s, x.v, p })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return Failure.NotFound("No such session.").ToProblem();
        }

        var ics = Calendars.Write([new CalendarEntry(row.s, row.v, row.p)], row.p.Title, time.GetUtcNow());
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(ics), Calendars.ContentType, $"session-{row.s.Number}.ics");
    }
}
