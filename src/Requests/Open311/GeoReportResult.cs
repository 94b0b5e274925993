using Municipal.Edge;

namespace Municipal.Requests.Open311;

/// <summary>A GeoReport v2 answer in the format the path asked for.</summary>
public sealed class GeoReportResult(int statusCode, GeoNode document, GeoFormat format) : IResult
{
    public int StatusCode => statusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = GeoReportWriter.ContentType(format);
        return httpContext.Response.WriteAsync(GeoReportWriter.Write(document, format));
    }

    public static GeoReportResult Error(GeoFormat format, int status, string description) =>
        new(status, GeoReportDocuments.Errors((status, description)), format);

    /// <summary>A use case's refusal in the spec's error form: its status, and what it says about the fault.</summary>
    public static GeoReportResult Refused(GeoFormat format, Refusal refusal) => Error(format, refusal.Kind.Status,
        refusal.Errors?.Values.SelectMany(m => m).FirstOrDefault() ?? refusal.Detail ?? refusal.Title);
}
