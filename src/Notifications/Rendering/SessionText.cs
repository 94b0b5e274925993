using Municipal.Notifications.Domain;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Municipal.Notifications.Rendering;

/// <summary>
/// A session as a notice names it: its title and its number within the programme, the number said once.
/// Scheduling's titles often carry the number already (the founding programme's sessions are titled
/// "การอบรมผู้นำชุมชน ครั้งที่ 1"); such a title stands alone, any other gets the number added:
/// "ประชุมประจำเดือน ครั้งที่ 3", in English "Monthly meeting, session 3".
/// </summary>
public static partial class SessionText
{
    public static string Name(string title, int number, string language)
    {
        title = title.Trim();
        if (NamesNumber(title, number))
        {
            return title;
        }

        return language == Languages.English
            ? string.Create(CultureInfo.InvariantCulture, $"{title}, session {number}")
            : string.Create(CultureInfo.InvariantCulture, $"{title} ครั้งที่ {number}");
    }

    /// <summary>
    /// Whether the title already says this session's number: "ครั้งที่ 1" (Arabic or Thai digits), "session 1",
    /// "no. 1", "#1". A title naming another number is not taken to be this session's name, and gets the number.
    /// </summary>
    public static bool NamesNumber(string title, int number) => NumberInTitle().Matches(title).Any(match =>
        int.TryParse(ArabicDigits(match.Groups["n"].Value), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n == number);

    private static string ArabicDigits(string digits) =>
        string.Concat(digits.Select(c => c is >= '๐' and <= '๙' ? (char)('0' + (c - '๐')) : c));

    [GeneratedRegex(@"(?:ครั้งที่|\bsession|\bno\.|#)\s*(?<n>[0-9๐-๙]+)(?![0-9๐-๙])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberInTitle();
}
