using System.Text.RegularExpressions;

namespace Municipal.Testing;

/// <summary>The problem kinds docs/architecture.md lists in its "Problem kinds" table: code and status.</summary>
public static partial class DocumentedProblemKinds
{
    public static string DocumentPath => RepositoryFile(Path.Combine("docs", "architecture.md"));

    /// <summary>A file of the repository, found above the test's folder.</summary>
    public static string RepositoryFile(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "Municipal.sln")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relativePath} not found above the test's folder.");
    }

    /// <summary>Code → status of every row of the table.</summary>
    public static IReadOnlyDictionary<string, int> Read()
    {
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        var inTable = false;
        foreach (var line in File.ReadLines(DocumentPath))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                inTable = line.Trim() == "## Problem kinds";
                continue;
            }

            if (inTable && Row().Match(line) is { Success: true } row)
            {
                kinds[row.Groups["code"].Value] = int.Parse(row.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return kinds;
    }

    [GeneratedRegex(@"^\|\s*`(?<code>[a-z0-9-]+)`\s*\|\s*(?<status>\d{3})\s*\|")]
    private static partial Regex Row();
}
