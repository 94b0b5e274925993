using Microsoft.Extensions.Configuration;

namespace Municipal.AppHost;

/// <summary>The LINE channel beyond Notifications: Requests reads the photos of reports made in the LINE chat.</summary>
internal static class LineChannel
{
    /// <summary>
    /// Gives Requests the channel access token of <c>Notifications:Line</c> (its content API needs the same channel's
    /// token) and, when set, <c>Notifications:Line:DataBaseAddress</c> (LINE's content host; tests point it at a fake).
    /// Without a token, LINE reports are taken in without their photos and Requests' health says so.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLineContent(this IResourceBuilder<ProjectResource> requests)
    {
        var line = requests.ApplicationBuilder.Configuration.GetSection("Notifications:Line");
        if (line["ChannelAccessToken"] is { Length: > 0 } token)
        {
            requests.WithEnvironment("Requests__Line__ChannelAccessToken", token);
        }

        if (line["DataBaseAddress"] is { Length: > 0 } address)
        {
            requests.WithEnvironment("Requests__Line__DataBaseAddress", address);
        }

        return requests;
    }
}
