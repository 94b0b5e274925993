using System.Text;
using System.Text.RegularExpressions;

namespace Municipal.Requests.Domain;

/// <summary>
/// Finds Thai phone numbers and citizen IDs in text however they are written: groups of digits (Arabic, Thai
/// <c>๐–๙</c> or full-width <c>０–９</c>) joined by up to three separators (spaces of any width, dashes, dots,
/// slashes, parentheses), with <c>+66</c>, <c>66</c>, <c>0066</c> or <c>+66 (0)</c> in front or not. A number is
/// only ever made of whole groups, so a long reference number is never cut into a "phone".
/// </summary>
internal static partial class NumberScanner
{
    private const int MaxGap = 3;
    private const int MaxGroupsInNumber = 13;

    private readonly record struct Group(int Start, int End, string Digits, bool InDate);

    // Dates are numbers people write next to phone numbers and times ("05/06/2567 09.00"): their digits never join
    // a phone number. Day/month/year (B.E. or C.E., two or four digits) and year-month-day, on ASCII digits.
    [GeneratedRegex(@"(?<!\d)(?:[0-3]?\d[/.\-][01]?\d[/.\-](?:\d{4}|\d{2})|\d{4}[/.\-][01]?\d[/.\-][0-3]?\d)(?!\d)")]
    private static partial Regex DatePattern();

    /// <summary>0–9 for a digit of any of the three scripts, else null.</summary>
    public static int? DigitValue(char ch) => ch switch
    {
        >= '0' and <= '9' => ch - '0',
        >= '๐' and <= '๙' => ch - '๐',
        >= '０' and <= '９' => ch - '０',
        _ => null,
    };

    /// <summary>What may stand between the digits of one number.</summary>
    public static bool IsSeparator(char ch) => ch switch
    {
        ' ' or '\t' or '\u00A0' or '\u202F' or '\u3000' or (>= '\u2000' and <= '\u200B') => true,
        '-' or '‐' or '‑' or '‒' or '–' or '—' or '−' or '－' or 'ー' => true,
        '.' or '．' or '/' or '／' or '(' or ')' or '（' or '）' => true,
        _ => false,
    };

    private static bool IsPrefixMark(char ch) => ch is '+' or '＋' or '(' or '（';

    /// <summary>
    /// The national number without its leading 0 (<c>812345678</c>) when the digits are a Thai phone number:
    /// a mobile has 9 digits after the 0 and starts 6, 8 or 9; a landline 8 and starts 2–7.
    /// </summary>
    public static string? AsThaiPhone(string digits, bool plus)
    {
        var d = digits;
        var international = false;
        if (d.StartsWith("0066", StringComparison.Ordinal))
        {
            d = d[4..];
            international = true;
        }
        else if (d.StartsWith("66", StringComparison.Ordinal) && (plus || d.Length >= 10))
        {
            d = d[2..];
            international = true;
        }

        if (d.StartsWith('0'))
        {
            d = d[1..]; // the trunk 0, also written after the country code as "+66 (0)81…"
        }
        else if (!international)
        {
            return null;
        }

        var mobile = d.Length == 9 && d[0] is '6' or '8' or '9';
        var landline = d.Length == 8 && d[0] is >= '2' and <= '7';
        return mobile || landline ? d : null;
    }

    public static string Mask(string text)
    {
        var groups = Groups(text);
        if (groups.Count == 0)
        {
            return text;
        }

        var spans = new List<(int Start, int End, string Marker)>();
        var chainStart = 0;
        for (var k = 1; k <= groups.Count; k++)
        {
            if (k == groups.Count || groups[k].InDate || groups[k - 1].InDate || !Joined(text, groups[k - 1], groups[k]))
            {
                FindInChain(text, groups, chainStart, k, spans);
                chainStart = k;
            }
        }

        if (spans.Count == 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (var (start, end, marker) in spans)
        {
            result.Append(text, at, start - at).Append(marker);
            at = end;
        }

        return result.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>Within groups [from, to) that separators join, the longest run from each group that is a number to hide.</summary>
    private static void FindInChain(string text, List<Group> groups, int from, int to, List<(int, int, string)> spans)
    {
        var i = from;
        while (i < to)
        {
            var matched = false;
            for (var j = Math.Min(to - 1, i + MaxGroupsInNumber - 1); j >= i && !matched; j--)
            {
                var digits = string.Concat(groups.Skip(i).Take(j - i + 1).Select(g => g.Digits));
                if (digits.Length > 16)
                {
                    continue;
                }

                string? marker = null;
                if (PersonalData.IsCitizenId(digits))
                {
                    marker = PersonalData.CitizenIdMask;
                }
                else if (AsThaiPhone(digits, PlusBefore(text, groups[i].Start)) is not null)
                {
                    marker = PersonalData.PhoneMask;
                }

                if (marker is not null)
                {
                    var start = ExtendBack(text, groups[i].Start, i == from ? 0 : groups[i - 1].End);
                    spans.Add((start, ExtendForward(text, start, groups[j].End, j + 1 < to ? groups[j + 1].Start : text.Length), marker));
                    i = j + 1;
                    matched = true;
                }
            }

            if (!matched)
            {
                i++;
            }
        }
    }

    private static List<Group> Groups(string text)
    {
        var ascii = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            ascii.Append(DigitValue(ch) is { } v ? (char)('0' + v) : ch);
        }

        var dates = DatePattern().Matches(ascii.ToString()).Select(m => (m.Index, End: m.Index + m.Length)).ToList();
        var groups = new List<Group>();
        var i = 0;
        while (i < text.Length)
        {
            if (DigitValue(text[i]) is null)
            {
                i++;
                continue;
            }

            var start = i;
            var digits = new StringBuilder();
            while (i < text.Length && DigitValue(text[i]) is { } d)
            {
                digits.Append((char)('0' + d));
                i++;
            }

            groups.Add(new Group(start, i, digits.ToString(), dates.Any(d => d.Index <= start && i <= d.End)));
        }

        return groups;
    }

    private static bool Joined(string text, Group left, Group right)
    {
        var gap = right.Start - left.End;
        if (gap > MaxGap)
        {
            return false;
        }

        for (var i = left.End; i < right.Start; i++)
        {
            if (!IsSeparator(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a plus sign stands just before the digits (past an opening parenthesis or a space).</summary>
    private static bool PlusBefore(string text, int start)
    {
        for (var i = start - 1; i >= 0 && i >= start - 3; i--)
        {
            if (text[i] is '+' or '＋')
            {
                return true;
            }

            if (text[i] is not ('(' or '（' or ' '))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The start of the hidden span: back over a plus sign or an opening parenthesis just before the digits.</summary>
    private static int ExtendBack(string text, int start, int limit)
    {
        var i = start;
        while (i > limit && IsPrefixMark(text[i - 1]))
        {
            i--;
        }

        return i;
    }

    /// <summary>The end of the hidden span: past a closing parenthesis right after the digits when the span opened one.</summary>
    private static int ExtendForward(string text, int start, int end, int limit)
    {
        var open = 0;
        for (var i = start; i < end; i++)
        {
            open += text[i] is '(' or '（' ? 1 : text[i] is ')' or '）' ? -1 : 0;
        }

        return open > 0 && end < limit && text[end] is ')' or '）' ? end + 1 : end;
    }
}
