using System.Text;
using System.Text.RegularExpressions;

namespace Municipal.Requests.Domain;

/// <summary>
/// PDPA rules for free text and phone numbers: public views never show a phone number or an e-mail
/// address, even one a resident typed into a description.
/// </summary>
public static partial class PersonalData
{
    public const string PhoneMask = "[ซ่อนเบอร์โทรศัพท์]";
    public const string EmailMask = "[ซ่อนอีเมล]";

    // A Thai number: 0 or +66 (66) followed by 8–9 more digits, in Arabic or Thai numerals, with optional
    // spaces, dots or dashes between them: 081-234-5678, 02 123 4567, +66 81 234 5678, ๐๘๑๒๓๔๕๖๗๘.
    [GeneratedRegex(@"(?<![0-9๐-๙])(?:\+?66|[0๐])(?:[\s.\-]?[0-9๐-๙]){8,9}(?![0-9๐-๙])")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    /// <summary>The text with every phone number and e-mail address replaced by a marker.</summary>
    public static string Mask(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var masked = EmailPattern().Replace(text, EmailMask);
        return PhonePattern().Replace(masked, PhoneMask);
    }

    public static string? MaskOrNull(string? text) => text is null ? null : Mask(text);

    /// <summary>
    /// A Thai number in E.164 as Thai people write it: a mobile <c>081-234-5678</c>, a Bangkok line <c>02-123-4567</c>,
    /// a provincial line <c>055-711-234</c>. Anything else is returned as it is.
    /// </summary>
    public static string? DisplayThaiPhone(string? e164)
    {
        if (e164 is null || !e164.StartsWith("+66", StringComparison.Ordinal) || !e164[3..].All(char.IsAsciiDigit))
        {
            return e164;
        }

        var n = "0" + e164[3..];
        return n.Length switch
        {
            10 => $"{n[..3]}-{n[3..6]}-{n[6..]}",
            9 when n[1] == '2' => $"{n[..2]}-{n[2..5]}-{n[5..]}",
            9 => $"{n[..3]}-{n[3..6]}-{n[6..]}",
            _ => e164,
        };
    }

    /// <summary>
    /// A Thai phone number as E.164 (<c>+66812345678</c>), or null when it is not one: a mobile has 9
    /// digits after the leading 0, a landline 8. Accepts Thai numerals and the usual separators.
    /// </summary>
    public static string? NormalizeThaiPhone(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var digits = new StringBuilder();
        foreach (var ch in input.Trim())
        {
            if (ch is >= '0' and <= '9')
            {
                digits.Append(ch);
            }
            else if (ch is >= '๐' and <= '๙')
            {
                digits.Append((char)('0' + (ch - '๐')));
            }
            else if (ch is not (' ' or '-' or '.' or '(' or ')' or '+'))
            {
                return null;
            }
        }

        var s = digits.ToString();
        string national;
        if (s.StartsWith("66", StringComparison.Ordinal) && input.TrimStart().StartsWith('+'))
        {
            national = s[2..];
        }
        else if (s.StartsWith('0'))
        {
            national = s[1..];
        }
        else
        {
            return null;
        }

        // Mobile numbers start with 6, 8 or 9 and have 9 digits; landlines have 8.
        var mobile = national.Length == 9 && national[0] is '6' or '8' or '9';
        var landline = national.Length == 8 && national[0] is >= '2' and <= '7';
        return mobile || landline ? "+66" + national : null;
    }
}
