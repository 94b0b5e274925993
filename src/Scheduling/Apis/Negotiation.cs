using Municipal.Scheduling.Domain;

namespace Municipal.Scheduling.Apis;

/// <summary>What a request asks of the answer's form: its language, and CSV instead of JSON.</summary>
internal static class Negotiation
{
    /// <summary>The language to show dates and labels in: <c>?lang=th|en</c>, else Accept-Language, else Thai.</summary>
    public static Language Language(this HttpContext context) =>
        Languages.Resolve(context.Request.Query["lang"].FirstOrDefault(), context.Request.Headers.AcceptLanguage.ToString());

    /// <summary>CSV when asked with <c>?format=csv</c> or <c>Accept: text/csv</c>.</summary>
    public static bool WantsCsv(this HttpContext context) =>
        string.Equals(context.Request.Query["format"].FirstOrDefault(), "csv", StringComparison.OrdinalIgnoreCase)
        || context.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));
}
