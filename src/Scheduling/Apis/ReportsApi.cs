using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Scheduling.Application;
using Municipal.ServiceDefaults;

namespace Municipal.Scheduling.Apis;

public static class ReportsApi
{
    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/reports").WithTags("Reports").RequireAuthorization(Policies.Officials);

        api.MapGet("/attendance", AttendanceAsync)
            .WithName("AttendanceReport")
            .WithSummary("Attendance of a programme per session, per community (which came) and per person (k of n); ?format=csv exports every attendance (officials).")
            .Produces(StatusCodes.Status200OK, contentType: Csv.ContentType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    internal static async Task<Results<Ok<AttendanceReport>, FileContentHttpResult, ProblemHttpResult>> AttendanceAsync(
        HttpContext http, AttendanceReports reports, CancellationToken cancellationToken, Guid? programmeId = null)
    {
        if (programmeId is not { } id)
        {
            return Failure.Invalid("programmeId", "Name the programme: ?programmeId=…").ToProblem();
        }

        var report = await reports.ForProgrammeAsync(id, cancellationToken);
        if (report is null)
        {
            return Failure.NotFound("No such programme.").ToProblem();
        }

        if (!http.WantsCsv())
        {
            return TypedResults.Ok(report);
        }

        var lines = await reports.LinesAsync(id, cancellationToken);
        var bytes = Csv.Write(
            ["session_number", "session_date", "person_id", "name", "community_code", "community_name", "checked_in_at", "walk_in"],
            lines.Select(l => (IReadOnlyList<string?>)
            [
                l.SessionNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), l.SessionDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                l.PersonId.ToString(), l.Name, l.CommunityCode, l.CommunityName, Csv.Local(l.CheckedInAt), l.WalkIn ? "yes" : "no",
            ]));
        return TypedResults.File(bytes, Csv.ContentType, $"attendance-fy{report.FiscalYear}.csv");
    }
}
