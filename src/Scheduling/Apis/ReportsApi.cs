using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Scheduling.Application;
using Municipal.ServiceDefaults.Problems;
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
            return Refusal.Invalid("programmeId", FieldError.Required("Name the programme: ?programmeId=…")).ToProblem();
        }

        if (http.WantsCsv())
        {
            var exported = await reports.ExportAsync(id, cancellationToken);
            return exported.Value is { } csv ? TypedResults.File(csv.Content, Csv.ContentType, csv.FileName) : exported.Refusal!.ToProblem();
        }

        var report = await reports.ForProgrammeAsync(id, cancellationToken);
        return report.Value is { } value ? TypedResults.Ok(value) : report.Refusal!.ToProblem();
    }
}
