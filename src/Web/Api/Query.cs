using System.Globalization;

namespace Municipal.Web.Api;

/// <summary>Builds a path with a query string from the parameters that have a value.</summary>
public static class Query
{
    public static string Of(string path, params (string Name, object? Value)[] parameters)
    {
        var parts = parameters
            .Where(p => p.Value is not null && (p.Value is not string s || !string.IsNullOrWhiteSpace(s)))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(Format(p.Value!))}")
            .ToList();
        return parts.Count == 0 ? path : $"{path}?{string.Join('&', parts)}";
    }

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!.Trim(),
    };
}
