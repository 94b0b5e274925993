using System.Text;

namespace Municipal.Requests.Tests.Masking;

/// <summary>One line of <c>personal-data.tsv</c>: a text and what masking must do with it.</summary>
public sealed record MaskingCase(bool Masked, string Kind, string Secret, string Text, int Line)
{
    public override string ToString() => $"line {Line}: {Text}";

    public static IReadOnlyList<MaskingCase> All { get; } = Load();

    public static IEnumerable<MaskingCase> ToMask => All.Where(c => c.Masked);

    public static IEnumerable<MaskingCase> ToKeep => All.Where(c => !c.Masked);

    /// <summary>Whether the secret still shows in a text: for numbers, in its digits of any script, separators ignored.</summary>
    public bool ShowsIn(string text) => Kind is "email" or "line"
        ? text.Contains(Secret, StringComparison.OrdinalIgnoreCase)
        : DigitsOf(text).Contains(Secret, StringComparison.Ordinal);

    /// <summary>Every digit of the text as ASCII, in order, everything else dropped.</summary>
    public static string DigitsOf(string text)
    {
        var digits = new StringBuilder();
        foreach (var ch in text)
        {
            var value = ch switch
            {
                >= '0' and <= '9' => ch - '0',
                >= '๐' and <= '๙' => ch - '๐',
                >= '０' and <= '９' => ch - '０',
                _ => -1,
            };
            if (value >= 0)
            {
                digits.Append((char)('0' + value));
            }
        }

        return digits.ToString();
    }

    private static List<MaskingCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Masking", "personal-data.tsv");
        var cases = new List<MaskingCase>();
        var number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split('\t');
            if (cells.Length != 4 || cells[0] is not ("mask" or "keep"))
            {
                throw new FormatException($"personal-data.tsv line {number} is not 'mask|keep<TAB>kind<TAB>secret<TAB>text'.");
            }

            cases.Add(new MaskingCase(cells[0] == "mask", cells[1], cells[2], cells[3], number));
        }

        return cases;
    }
}
