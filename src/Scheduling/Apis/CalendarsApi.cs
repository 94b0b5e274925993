using Microsoft.AspNetCore.Http.HttpResults;
using Municipal.Edge;
using Municipal.Scheduling.Application;
using System.Text;

namespace Municipal.Scheduling.Apis;

public static class CalendarsApi
{
    public static RouteGroupBuilder MapCalendarsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scheduling/sessions/{id:guid}/calendar.ics").WithTags("Calendars");

        api.MapGet("", CalendarAsync)
            .AllowAnonymous()
            .WithName("GetSessionCalendar")
            .WithSummary("The session as iCalendar: stable UID, SEQUENCE rising with each change, STATUS:CANCELLED when cancelled.")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    internal static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CalendarAsync(
        Guid id, SessionQueries queries, CancellationToken cancellationToken)
    {
        var calendar = await queries.CalendarAsync(id, cancellationToken);
        return calendar.Value is { } file
            ? TypedResults.File(Encoding.UTF8.GetBytes(file.Ics), Calendars.ContentType, file.FileName)
            : calendar.Refusal!.ToProblem();
    }
}
