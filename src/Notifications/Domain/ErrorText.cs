using System.Text.RegularExpressions;

namespace Municipal.Notifications.Domain;

/// <summary>
/// Provider errors may echo the address they refused ("550 &lt;somchai@example.th&gt; unknown"). What we
/// store and show admins has e-mail addresses, phone numbers and LINE user ids blanked out (PDPA).
/// </summary>
public static partial class ErrorText
{
    public const int MaxLength = 1000;

    public static string Redact(string error)
    {
        var text = Email().Replace(error, "[email]");
        text = LineUserId().Replace(text, "[line-user]");
        text = Phone().Replace(text, "[phone]");
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"\bU[0-9a-f]{32}\b")]
    private static partial Regex LineUserId();

    [GeneratedRegex(@"(?<![\w])(\+?66|0)[\s-]?\d{1,2}[\s-]?\d{3}[\s-]?\d{3,4}(?![\w])")]
    private static partial Regex Phone();
}
