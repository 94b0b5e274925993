namespace Municipal.Notifications.Domain;

/// <summary>The channels a notice can travel by (codes of the shared vocabulary).</summary>
public static class Channels
{
    public const string InApp = "in-app";
    public const string Email = "email";
    public const string Line = "line";
    public const string Sms = "sms";

    public static readonly IReadOnlyList<string> All = [InApp, Email, Line, Sms];

    /// <summary>When a person cannot read an in-app inbox, the other channels in this order.</summary>
    public static readonly IReadOnlyList<string> Outside = [Email, Line, Sms];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code);

    /// <summary>LINE and SMS wake people up; in-app and email wait quietly to be read.</summary>
    public static bool RespectsQuietHours(string channel) => channel is Line or Sms;
}

/// <summary>The languages notices are written in: Thai by default, English per person.</summary>
public static class Languages
{
    public const string Thai = "th";
    public const string English = "en";

    public static readonly IReadOnlyList<string> All = [Thai, English];

    public static string Normalize(string? code) => code == English ? English : Thai;
}
