using System.Collections.Concurrent;
using System.Text.Json;

namespace Municipal.EndToEnd.Tests.Authorization;

/// <summary>
/// Walks docs/authorization.md against the running system: every route, as every kind of caller, through
/// the gateway. The table is the documentation; this test keeps it true.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class AuthorizationMatrixTests(SystemFixture system)
{
    private static readonly string[] Services = ["communities", "scheduling", "requests", "notifications"];

    [Fact]
    public async Task Every_route_of_every_service_is_in_the_table_and_nothing_else_is()
    {
        var documented = new HashSet<string>();
        foreach (var service in Services)
        {
            using var document = JsonDocument.Parse(await system.Gateway.GetStringAsync($"/api/{service}/openapi/v1.json"));
            foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
            {
                foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch"))
                {
                    documented.Add($"{method.Name.ToUpperInvariant()} {AuthorizationTable.Shape(path.Name)}");
                }
            }
        }

        var rows = AuthorizationTable.Read();
        var table = rows.Select(r => r.Shape).Distinct().ToList();
        Assert.Equal(rows.Count, rows.Select(r => r.Key).Distinct().Count());
        // The leaders the registry does not vouch for have a cell for every route, and only for routes of the first table.
        var unvouched = AuthorizationTable.ReadUnvouched().Keys.ToHashSet();
        Assert.True(unvouched.SetEquals(rows.Select(r => r.Key)),
            "The two tables of docs/authorization.md list different routes:\n" + string.Join("\n", unvouched.Except(rows.Select(r => r.Key)).Concat(rows.Select(r => r.Key).Except(unvouched))));
        var missing = documented.Except(table).Order().ToList();
        var stale = table.Except(documented).Order().ToList();
        Assert.True(missing.Count == 0, "Routes missing from docs/authorization.md:\n" + string.Join("\n", missing));
        Assert.True(stale.Count == 0, "Rows of docs/authorization.md that no service has:\n" + string.Join("\n", stale));
    }

    [Fact]
    public async Task Every_route_answers_every_caller_as_the_table_says()
    {
        var world = await MatrixWorld.CreateAsync(system.Gateway);
        var rows = AuthorizationTable.Read();
        Assert.True(rows.Count > 80, $"only {rows.Count} rows read");
        var failures = new ConcurrentBag<string>();
        // One route at a time: calls of one caller on one object (a feed, a registration) would race each other.
        using var slots = new SemaphoreSlim(1);
        await Task.WhenAll(rows.Select(async row =>
        {
            await slots.WaitAsync();
            try
            {
                foreach (var caller in row.Expected.Keys)
                {
                    using var request = await world.RequestForAsync(row, caller);
                    using var response = await system.Gateway.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    var status = (int)response.StatusCode;
                    var expected = row.Expected[caller];
                    if (!AuthorizationRow.Holds(expected, status) || status >= 500)
                    {
                        var body = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "(stream)" : await response.Content.ReadAsStringAsync();
                        failures.Add($"{row.Key} as {caller}: expected {expected}, got {status} {Truncate(body)}");
                    }
                }
            }
            finally
            {
                slots.Release();
            }
        }));

        Assert.True(failures.IsEmpty, $"{failures.Count} cells do not hold:\n" + string.Join("\n", failures.Order()));
    }

    private static string Truncate(string text) => text.Length <= 1500 ? text : text[..1500] + "…";
}
