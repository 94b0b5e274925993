using System.Diagnostics.CodeAnalysis;

namespace Municipal.Communities.Domain;

/// <summary>
/// A Thai telephone number. Accepted as people write it (<c>081-234-5678</c>, <c>0812345678</c>,
/// <c>+66 81 234 5678</c>, <c>66812345678</c>, <c>055 711 234</c>, in Thai digits too: <c>๐๘๑-๒๓๔-๕๖๗๘</c>), stored as E.164 (<c>+66812345678</c>)
/// and shown the Thai way.
/// </summary>
/// <remarks>
/// Thai numbers are dialled with a leading 0 (the trunk prefix, dropped after +66):
/// <list type="bullet">
/// <item>mobiles start 06, 08 or 09 and have 9 digits after the 0: shown <c>081-234-5678</c>;</item>
/// <item>Bangkok landlines start 02 and have 8 digits after the 0: shown <c>02-123-4567</c>;</item>
/// <item>provincial landlines start 03, 04, 05 or 07 and have 8 digits after the 0: shown
/// <c>055-711-234</c> (055 is Kamphaeng Phet's area code).</item>
/// </list>
/// Anything else (01…, short codes like 1555, foreign numbers, wrong lengths) is refused.
/// </remarks>
public sealed record ThaiPhoneNumber
{
    public const int MaxInputLength = 32;

    private ThaiPhoneNumber(string national) => National = national;

    /// <summary>The national form with its leading 0, digits only, e.g. <c>0812345678</c>.</summary>
    public string National { get; }

    /// <summary>E.164, e.g. <c>+66812345678</c>.</summary>
    public string E164 => "+66" + National[1..];

    public bool IsMobile => National[1] is '6' or '8' or '9';

    /// <summary>As Thai people write it: <c>081-234-5678</c>, <c>02-123-4567</c>, <c>055-711-234</c>.</summary>
    public string Display => National switch
    {
        _ when IsMobile => $"{National[..3]}-{National[3..6]}-{National[6..]}",
        ['0', '2', ..] => $"{National[..2]}-{National[2..5]}-{National[5..]}",
        _ => $"{National[..3]}-{National[3..6]}-{National[6..]}",
    };

    public override string ToString() => E164;

    /// <summary>Reads a number as written by a person or as stored (E.164). Says why when it cannot.</summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out ThaiPhoneNumber? number, out string? error)
    {
        number = null;
        error = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = "A phone number is empty.";
            return false;
        }

        if (input.Length > MaxInputLength)
        {
            error = "A phone number is too long.";
            return false;
        }

        var digits = new System.Text.StringBuilder(input.Length);
        var plus = false;
        foreach (var c in input.Trim())
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is >= '\u0E50' and <= '\u0E59')
            {
                digits.Append((char)('0' + (c - '\u0E50'))); // Thai digits ๐–๙, as some people type them
            }
            else if (c == '+' && digits.Length == 0 && !plus)
            {
                plus = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                error = "A phone number holds only digits, spaces, dashes, dots, brackets and a leading +.";
                return false;
            }
        }

        var all = digits.ToString();
        string national;
        // A national number starts with 0, so digits starting 66 can only be the country code written without its +.
        if (plus || all.StartsWith("66", StringComparison.Ordinal))
        {
            if (!all.StartsWith("66", StringComparison.Ordinal))
            {
                error = "Only Thai numbers (+66) are accepted.";
                return false;
            }

            var rest = all[2..];
            if (rest.StartsWith('0'))
            {
                rest = rest[1..]; // +66 0812… is a common slip: the trunk 0 does not belong after +66.
            }

            national = "0" + rest;
        }
        else
        {
            national = all;
        }

        if (!national.StartsWith('0'))
        {
            error = "A Thai number starts with 0 (or +66).";
            return false;
        }

        var kind = national.Length > 1 ? national[1] : ' ';
        var expected = kind switch
        {
            '6' or '8' or '9' => 10,
            '2' or '3' or '4' or '5' or '7' => 9,
            _ => 0,
        };
        if (expected == 0)
        {
            error = "Not a Thai mobile (06, 08, 09) or landline (02, 03, 04, 05, 07) number.";
            return false;
        }

        if (national.Length != expected)
        {
            error = expected == 10
                ? "A Thai mobile number has 10 digits, e.g. 081-234-5678."
                : "A Thai landline number has 9 digits, e.g. 055-711-234 or 02-123-4567.";
            return false;
        }

        number = new ThaiPhoneNumber(national);
        return true;
    }

    public static ThaiPhoneNumber Parse(string input) =>
        TryParse(input, out var number, out var error) ? number : throw new FormatException(error);
}
