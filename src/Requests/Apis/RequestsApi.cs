using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Outbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;
using System.Security.Claims;

namespace Municipal.Requests.Apis;

public static class RequestsApi
{
    public static RouteGroupBuilder MapRequestsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/requests").WithTags("Requests");

        api.MapPost("", SubmitAsync)
            .RequireAuthorization(RequestPolicies.Submit)
            .WithName("SubmitRequest")
            .WithSummary("Submit a problem or need of a community.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/{id:guid}", GetAsync)
            .RequireAuthorization(Policies.SignedIn)
            .WithName("GetRequest")
            .WithSummary("One request, for its submitter, its community's leader, or municipal officials.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    public sealed record RequestView(
        Guid Id, string Number, Guid CommunityId, string Category, string Title, string Description,
        GeoPoint? Location, RequestChannel Channel, RequestStatus Status, DateTimeOffset SubmittedAt)
    {
        public static RequestView From(ServiceRequest r) => new(
            r.Id, r.Number, r.CommunityId, r.Category, r.Title, r.Description,
            r.Latitude is { } lat && r.Longitude is { } lon ? new GeoPoint(lat, lon) : null,
            r.Channel, r.Status, r.SubmittedAt);
    }

    internal static async Task<Results<Created<RequestView>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        RequestSubmission submission, ClaimsPrincipal user, RequestsDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = submission.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The request is not valid.");
        }

        if (user.IsInRole(Roles.CommunityLeader) && !user.IsStaff() && !user.LeadsCommunity(submission.CommunityId))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not your community.",
                detail: "A community leader submits requests for their own community only.");
        }

        var now = time.GetUtcNow();
        var request = ServiceRequest.Submit(submission, RequestChannel.Web, user.Subject(), now);
        db.Requests.Add(request);
        db.EnqueueEvent(new RequestSubmitted
        {
            RequestId = request.Id,
            Number = request.Number,
            CommunityId = request.CommunityId,
            Category = request.Category,
            Title = request.Title,
            Channel = "web",
            SubmitterSubject = request.SubmitterSubject,
            SubmittedAt = now,
        }, time);
        await db.SaveChangesAsync(cancellationToken);

        RequestsTelemetry.Submitted.Add(1,
            new KeyValuePair<string, object?>("category", request.Category),
            new KeyValuePair<string, object?>("channel", "web"));
        return TypedResults.Created($"/api/requests/{request.Id}", RequestView.From(request));
    }

    internal static async Task<Results<Ok<RequestView>, NotFound>> GetAsync(
        Guid id, ClaimsPrincipal user, RequestsDbContext db, CancellationToken cancellationToken)
    {
        var request = await db.Requests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        // Someone who may not see a request is told it does not exist: ids are not probed that way.
        if (request is null || !(user.IsOfficial() || request.SubmitterSubject == user.Subject() || user.LeadsCommunity(request.CommunityId)))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(RequestView.From(request));
    }
}
