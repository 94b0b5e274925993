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
}
