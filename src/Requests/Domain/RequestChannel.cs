namespace Municipal.Requests.Domain;

/// <summary>How a request reached the municipality.</summary>
public enum RequestChannel
{
    Web,
    Mobile,
    Meeting,
    Phone,
    Open311,

    /// <summary>The municipality's LINE Official Account: a report finished in the chat.</summary>
    Line,
}

public static class RequestChannels
{
    /// <summary>The wire form used in events: <c>web</c>, <c>mobile</c>, <c>meeting</c>, <c>phone</c>, <c>open311</c>, <c>line</c>.</summary>
    public static string ToCode(this RequestChannel channel) => channel.ToString().ToLowerInvariant();
}
