using System.Text;
using System.Text.RegularExpressions;

namespace Municipal.Requests.Domain;

/// <summary>
/// PDPA rules for free text and phone numbers: public views never show a phone number, a citizen ID or an e-mail
/// address, even one a resident typed into a description, however it was written.
/// </summary>
public static partial class PersonalData
{
    public const string PhoneMask = "[ซ่อนเบอร์โทรศัพท์]";
    public const string CitizenIdMask = "[ซ่อนเลขประจำตัวประชาชน]";
    public const string EmailMask = "[ซ่อนอีเมล]";
    public const string LineIdMask = "[ซ่อนไอดีไลน์]";

    // An address as people write it, also when they try to dodge a filter: somchai@example.co.th, สมชาย＠ตัวอย่าง.ไทย,
    // somchai [at] example [dot] com, somchai(at)example.com, somchai @ example . com.
    [GeneratedRegex(
        @"(?<![\p{L}\p{M}\p{N}._%+\-])[\p{L}\p{M}\p{N}._%+\-]+\s{0,2}(?:[@＠]|[\[\(\{]\s?at\s?[\]\)\}])\s{0,2}" +
        @"[\p{L}\p{M}\p{N}\-]+(?:\s{0,2}(?:[.．。]|[\[\(\{]\s?dot\s?[\]\)\}])\s{0,2}[\p{L}\p{M}\p{N}\-]+)*" +
        @"\s{0,2}(?:[.．。]|[\[\(\{]\s?dot\s?[\]\)\}])\s{0,2}\p{L}[\p{L}\p{M}]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // A LINE ID as people write it after saying what it is: ไลน์ somchai99, LINE ID: somchai99, ไอดีไลน์ somchai.k,
    // แอดไลน์ nok_2530, Line = @kpp.water. LINE IDs are 4 to 20 of a-z, 0-9, '.', '_' and '-'. Thai is written without
    // spaces, so the Thai cue may end a word (แอดไลน์) but not be ออนไลน์ ("online"); the English one starts a word. The
    // cue keeps ordinary text safe ("แจ้งผ่าน LINE ได้"), and a few English words that follow "LINE" are not IDs.
    [GeneratedRegex(
        @"(?:(?<!ออน)(?:ไอดี\s?ไลน์|ไลน์\s?ไอดี|ไลน์)|(?<![\p{L}\p{M}])(?:line\s?id|id\s?line|line))\s{0,2}[:：=\-]?\s{0,2}" +
        @"(?<id>@?[a-z0-9][a-z0-9._\-]{2,19})(?![a-z0-9._\-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LineIdPattern();

    private static readonly HashSet<string> NotLineIds = new(StringComparer.OrdinalIgnoreCase)
    {
        "official", "group", "chat", "app", "application", "account", "notify", "message", "messages", "call", "pay", "today",
    };

    /// <summary>The text with every phone number, citizen ID, e-mail address and LINE ID replaced by a marker.</summary>
    public static string Mask(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var masked = NumberScanner.Mask(EmailPattern().Replace(text, EmailMask));
        return LineIdPattern().Replace(masked, m => NotLineIds.Contains(m.Groups["id"].Value)
            ? m.Value
            : m.Value[..(m.Groups["id"].Index - m.Index)] + LineIdMask);
    }

    public static string? MaskOrNull(string? text) => text is null ? null : Mask(text);

    /// <summary>Whether the text still holds something <see cref="Mask"/> would hide.</summary>
    public static bool HoldsPersonalData(string? text) => !string.IsNullOrEmpty(text) && Mask(text) != text;

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
    /// digits after the leading 0, a landline 8. Accepts Thai and full-width numerals and the usual separators.
    /// </summary>
    public static string? NormalizeThaiPhone(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        var digits = new StringBuilder();
        var plus = false;
        foreach (var ch in input.Trim())
        {
            if (NumberScanner.DigitValue(ch) is { } d)
            {
                digits.Append((char)('0' + d));
            }
            else if (ch is '+' or '＋' && digits.Length == 0)
            {
                plus = true;
            }
            else if (!NumberScanner.IsSeparator(ch))
            {
                return null;
            }
        }

        return NumberScanner.AsThaiPhone(digits.ToString(), plus) is { } national ? "+66" + national : null;
    }

    /// <summary>Whether 13 digits are a Thai citizen ID: first digit 1–8, and the last the check digit of the twelve before.</summary>
    public static bool IsCitizenId(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 13 || digits[0] is < '1' or > '8')
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            if (digits[i] is < '0' or > '9')
            {
                return false;
            }

            sum += (digits[i] - '0') * (13 - i);
        }

        return (11 - sum % 11) % 10 == digits[12] - '0';
    }
}
