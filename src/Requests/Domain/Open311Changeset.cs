using System.Security.Cryptography;
using System.Text;

namespace Municipal.Requests.Domain;

/// <summary>
/// When the service definitions (categories, their divisions' names, the community attribute's values) came to look as
/// they do: a fingerprint of them and the moment it was seen since. Open311 discovery's <c>changeset</c> is that moment,
/// so it changes whenever a definition does, however it changed (an event from the registry, an edit of the table), and
/// only forwards: definitions that return to an earlier look get a new moment, not the old one.
/// </summary>
public sealed class Open311Changeset
{
    private Open311Changeset()
    {
    }

    /// <summary>SHA-256 (hex) of the definitions in a fixed order.</summary>
    public string Fingerprint { get; private set; } = "";

    public DateTimeOffset FirstSeenAt { get; private set; }

    public static Open311Changeset Seen(string fingerprint, DateTimeOffset now) => new() { Fingerprint = fingerprint, FirstSeenAt = now };

    /// <summary>The definitions look like this again after looking otherwise: seen since <paramref name="now"/>.</summary>
    public void SeenAgain(DateTimeOffset now) => FirstSeenAt = now;

    public static string FingerprintOf(IEnumerable<RequestCategory> categories, IEnumerable<Division> divisions, IEnumerable<Community> communities)
    {
        var text = new StringBuilder();
        foreach (var c in categories.OrderBy(c => c.Code, StringComparer.Ordinal))
        {
            text.Append("c|").Append(c.Code).Append('|').Append(c.NameTh).Append('|').Append(c.NameEn).Append('|').Append(c.DivisionCode)
                .Append('|').Append(c.FirstResponseHours).Append('|').Append(c.ResolutionDays).Append('|').Append(c.SortOrder).Append('\n');
        }

        foreach (var d in divisions.OrderBy(d => d.Code, StringComparer.Ordinal))
        {
            text.Append("d|").Append(d.Code).Append('|').Append(d.NameTh).Append('|').Append(d.NameEn).Append('\n');
        }

        foreach (var c in communities.Where(c => c.IsActive).OrderBy(c => c.Id))
        {
            text.Append("m|").Append(c.Id).Append('|').Append(c.Code).Append('|').Append(c.NameTh).Append('|').Append(c.NameEn).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
