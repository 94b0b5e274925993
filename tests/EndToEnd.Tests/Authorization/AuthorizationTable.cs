namespace Municipal.EndToEnd.Tests.Authorization;

/// <summary>The callers of docs/authorization.md, in the order of its columns.</summary>
public enum Caller
{
    Anonymous,
    Resident,
    LeaderA,
    LeaderB,
    Staff,
    Executive,
    Admin,

    /// <summary>A leader's token for community A whose only term there ended (the second table of docs/authorization.md).</summary>
    ExLeaderA,

    /// <summary>A leader's token for community A for a subject the registry has never heard of.</summary>
    UnknownLeaderA,
}

/// <summary>One row of docs/authorization.md: a route and what each caller gets.</summary>
public sealed record AuthorizationRow(string Method, string Path, IReadOnlyDictionary<Caller, string> Expected, string Rule)
{
    public string Key => $"{Method} {Path}";

    /// <summary>The route as its OpenAPI document names it, parameters reduced to <c>{}</c>.</summary>
    public string Shape => $"{Method} {AuthorizationTable.Shape(Path)}";

    public static bool Holds(string expected, int status) => expected switch
    {
        "2xx" => status is >= 200 and < 300,
        "ok" => status < 500 && status is not (401 or 403 or 404),
        _ => status == int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Reads the table of docs/authorization.md.</summary>
public static class AuthorizationTable
{
    public static string DocumentPath
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "docs", "authorization.md");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("docs/authorization.md not found above the test's folder.");
        }
    }

    /// <summary>The callers of the first table's columns.</summary>
    public static readonly Caller[] MainCallers = [Caller.Anonymous, Caller.Resident, Caller.LeaderA, Caller.LeaderB, Caller.Staff, Caller.Executive, Caller.Admin];

    /// <summary>The callers of the second table, "Leaders the registry does not vouch for".</summary>
    public static readonly Caller[] UnvouchedCallers = [Caller.ExLeaderA, Caller.UnknownLeaderA];

    /// <summary>The rows of the first table, each with the second table's cells of the same route added when it has them.</summary>
    public static IReadOnlyList<AuthorizationRow> Read()
    {
        var rows = new List<AuthorizationRow>();
        var unvouched = ReadUnvouched();
        foreach (var cells in Rows(12))
        {
            // | Method | Route | 7 callers | rule |  → 12 cells with the empty ones at both ends
            var expected = MainCallers.Select((caller, i) => (caller, cells[3 + i])).ToDictionary(x => x.caller, x => x.Item2);
            if (unvouched.TryGetValue($"{cells[1]} {cells[2]}", out var more))
            {
                foreach (var (caller, cell) in more)
                {
                    expected[caller] = cell;
                }
            }

            rows.Add(new AuthorizationRow(cells[1], cells[2], expected, cells[10]));
        }

        return rows;
    }

    /// <summary>The second table: route → what the two unvouched leaders get.</summary>
    public static Dictionary<string, Dictionary<Caller, string>> ReadUnvouched() => Rows(7).ToDictionary(
        cells => $"{cells[1]} {cells[2]}",
        cells => UnvouchedCallers.Select((caller, i) => (caller, cells[3 + i])).ToDictionary(x => x.caller, x => x.Item2));

    private static IEnumerable<string[]> Rows(int cellCount) => File.ReadLines(DocumentPath)
        .Select(line => line.Split('|').Select(c => c.Trim()).ToArray())
        .Where(cells => cells.Length == cellCount && cells[1] is "GET" or "POST" or "PUT" or "DELETE" or "PATCH");

    /// <summary>The route as its OpenAPI document names it: parameters reduced to <c>{}</c>, the query left off.</summary>
    public static string Shape(string path) => System.Text.RegularExpressions.Regex.Replace(path.Split('?')[0], "{[^}]*}", "{}");
}
