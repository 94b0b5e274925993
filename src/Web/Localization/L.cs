using System.Globalization;

namespace Municipal.Web.Localization;

/// <summary>
/// The two languages of the web client. Thai is the default; English is a switch (a cookie). Each text is
/// written where it is used, Thai first: <c>L.T("คำร้องของฉัน", "My requests")</c>, so a reader sees both
/// and neither can be forgotten.
/// </summary>
public static class L
{
    public const string Thai = "th-TH";
    public const string English = "en-US";

    public static readonly string[] Cultures = [Thai, English];

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string thai, string english) => IsEnglish ? english : thai;

    /// <summary>The API's language code for the current page language.</summary>
    public static string Language => IsEnglish ? "en" : "th";
}
