using Municipal.Contracts;

namespace Municipal.Notifications.Domain;

/// <summary>What this service knows of the channels (<see cref="ChannelCodes"/>): their order, and which wake people up.</summary>
public static class Channels
{
    /// <summary>Every channel, in the order people are shown them.</summary>
    public static readonly IReadOnlyList<string> All = [ChannelCodes.InApp, ChannelCodes.Email, ChannelCodes.Line, ChannelCodes.Sms];

    /// <summary>When a person cannot read an in-app inbox, the other channels in this order.</summary>
    public static readonly IReadOnlyList<string> Outside = [ChannelCodes.Email, ChannelCodes.Line, ChannelCodes.Sms];

    public static bool IsKnown(string? code) => code is not null && ChannelCodes.All.Contains(code);

    /// <summary>LINE and SMS wake people up; in-app and email wait quietly to be read.</summary>
    public static bool RespectsQuietHours(string channel) => channel is ChannelCodes.Line or ChannelCodes.Sms;
}

/// <summary>The languages notices are written in: Thai by default, English per person.</summary>
public static class Languages
{
    public const string Thai = "th";
    public const string English = "en";

    public static readonly IReadOnlyList<string> All = [Thai, English];

    public static string Normalize(string? code) => code == English ? English : Thai;
}
