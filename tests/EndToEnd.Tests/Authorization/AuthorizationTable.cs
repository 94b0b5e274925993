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

    public static IReadOnlyList<AuthorizationRow> Read()
    {
        var rows = new List<AuthorizationRow>();
        foreach (var line in File.ReadLines(DocumentPath))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            // | Method | Route | 7 callers | rule |  → 11 cells with the empty ones at both ends
            if (cells.Length != 12 || cells[1] is not ("GET" or "POST" or "PUT" or "DELETE" or "PATCH"))
            {
                continue;
            }

            var expected = Enum.GetValues<Caller>().Select((caller, i) => (caller, cells[3 + i]))
                .ToDictionary(x => x.caller, x => x.Item2);
            rows.Add(new AuthorizationRow(cells[1], cells[2], expected, cells[10]));
        }

        return rows;
    }

    public static string Shape(string path) => System.Text.RegularExpressions.Regex.Replace(path, "{[^}]*}", "{}");
}
