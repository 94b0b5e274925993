using Municipal.EndToEnd.Tests.Authorization;
using System.Net;
using Xunit.Abstractions;

namespace Municipal.EndToEnd.Tests.Hostile;

/// <summary>
/// Every route of every service's OpenAPI document, called through the gateway of the running system by a
/// caller the authorization table allows, with hostile variants of a legitimate call: each answer is a
/// success (where the odd input is still valid) or a 4xx with problem details, never a 5xx; and a refused
/// call leaves the service's database exactly as it was.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class HostileInputTests(SystemFixture system, ITestOutputHelper output)
{
    /// <summary>The most privileged caller first: hostile input must reach the validation, not stop at a 403.</summary>
    private static readonly Caller[] Preference = [Caller.Admin, Caller.Staff, Caller.Executive, Caller.LeaderA, Caller.LeaderB, Caller.Resident, Caller.Anonymous];

    [Fact]
    public async Task Hostile_input_to_every_route_gets_success_or_a_4xx_problem_never_a_5xx_and_refusals_write_nothing()
    {
        var world = await MatrixWorld.CreateAsync(system.Gateway);
        // A route listed twice (once with a query, e.g. include=contacts) is attacked through its first row.
        var rows = AuthorizationTable.Read().GroupBy(r => r.Shape).ToDictionary(g => g.Key, g => g.First());
        var operations = await OpenApiOperations.ReadAsync(system.Gateway);
        var failures = new List<string>();
        var sent = 0;
        var refused = 0;
        foreach (var operation in operations)
        {
            Assert.True(rows.TryGetValue(operation.Shape, out var row), $"{operation.Shape} is not in docs/authorization.md");
            var caller = Preference.Where(c => row.Expected[c] == "2xx").Concat(Preference.Where(c => row.Expected[c] == "ok")).DefaultIfEmpty(Caller.Anonymous).First();
            BaseCall call;
            try
            {
                using var legitimate = await world.RequestForAsync(row, caller);
                call = await BaseCall.FromAsync(legitimate);
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or HttpRequestException or System.Text.Json.JsonException)
            {
                failures.Add($"{row.Key}: could not make the legitimate call to start from: {e.Message}");
                continue;
            }

            var database = DatabaseOf(operation.Path);
            var before = await DatabaseSnapshot.SettledAsync(database, TimeSpan.FromSeconds(20));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var failed = failures.Count;
            var count = 0;
            foreach (var mutation in HostileInputs.For(operation, call).OrderBy(m => m.MayBeLegitimate))
            {
                sent++;
                count++;
                var (status, mediaType, body) = await SendAsync(mutation);
                var where = $"{row.Key} as {caller}, {mutation.Name}";
                if (status >= 500)
                {
                    failures.Add($"{where}: {status} {Short(body)}");
                    before = await DatabaseSnapshot.SettledAsync(database, TimeSpan.FromSeconds(20));
                }
                else if (status >= 400)
                {
                    refused++;
                    if (mediaType != "application/problem+json" && !IsOpen311Error(operation.Path, mediaType, body))
                    {
                        failures.Add($"{where}: {status} answered with {mediaType ?? "no body"}, not problem details: {Short(body)}");
                    }
                    else if (mediaType == "application/problem+json" && UndocumentedKind(status, body) is { } kindFault)
                    {
                        failures.Add($"{where}: {kindFault}: {Short(body)}");
                    }

                    var after = await DatabaseSnapshot.TakeAsync(database);
                    var written = before.Differences(after);
                    if (written.Count > 0)
                    {
                        failures.Add($"{where}: refused with {status}, yet wrote {string.Join(", ", written)}");
                    }

                    before = after;
                }
                else
                {
                    if (!mutation.MayBeLegitimate)
                    {
                        failures.Add($"{where}: accepted ({status}) input that is not valid");
                    }

                    before = await DatabaseSnapshot.SettledAsync(database, TimeSpan.FromSeconds(20));
                }
            }

            if (operation.Method == "PUT" && row.Expected[caller] == "2xx")
            {
                // Odd but valid input replaced the object (leader A's person, community A): put it back as it was.
                // (A PUT no caller of the table may make, such as joining a division's roster, replaced nothing.)
                using var restore = call.Build();
                using var restored = await system.Gateway.SendAsync(restore);
                Assert.True(restored.IsSuccessStatusCode, $"{row.Key}: restoring the object gave {(int)restored.StatusCode}");
                await world.PeopleKnownAsync();
            }

            output.WriteLine($"{row.Key} as {caller}: {count} calls, {failures.Count - failed} mishandled, {clock.Elapsed.TotalSeconds:0.0} s");
            foreach (var failure in failures.Skip(failed))
            {
                output.WriteLine("  " + failure);
            }
        }

        Assert.True(sent > 3000, $"only {sent} hostile calls were made");
        Assert.True(refused > sent / 3, $"only {refused} of {sent} hostile calls were refused");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} hostile calls were mishandled:\n" + string.Join("\n", failures.Take(200)));
    }

    private async Task<(int Status, string? MediaType, string Body)> SendAsync(Mutation mutation)
    {
        while (true)
        {
            using var request = mutation.Build();
            HttpResponseMessage response;
            try
            {
                response = await system.Gateway.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            }
            catch (HttpRequestException e)
            {
                // No answer at all: the connection was dropped. As bad as a 5xx for a client.
                return (599, null, $"no answer: {e.Message} {e.InnerException?.Message}");
            }

            using var _ = response;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // The submission limit of anonymous callers (Open311): wait as told, then send the same input.
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(2));
                continue;
            }

            var body = mediaType == "text/event-stream" ? "(stream)" : await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, mediaType, body);
        }
    }

    private static string Short(string body) => body.Length <= 600 ? body : body[..600] + "…";

    /// <summary>GeoReport v2 (Open311) has its own error format, which its clients expect: a list of
    /// <c>{ code, description }</c>.</summary>
    private static bool IsOpen311Error(string path, string? mediaType, string body)
    {
        if (!path.StartsWith("/open311/", StringComparison.Ordinal) || mediaType is not ("application/json" or "text/xml" or "application/xml"))
        {
            return false;
        }

        if (mediaType != "application/json")
        {
            return body.Contains("<code>", StringComparison.Ordinal) && body.Contains("<description>", StringComparison.Ordinal);
        }

        try
        {
            using var errors = System.Text.Json.JsonDocument.Parse(body);
            return errors.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array
                && errors.RootElement.EnumerateArray().All(e => e.TryGetProperty("code", out _) && e.TryGetProperty("description", out _));
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private string DatabaseOf(string path)
    {
        var service = path.StartsWith("/open311", StringComparison.Ordinal) ? "requests" : path.Split('/')[2];
        return Path.Combine(system.DataDirectory, service + "db.db");
    }

    private static readonly IReadOnlyDictionary<string, int> Kinds = Municipal.Testing.DocumentedProblemKinds.Read();

    /// <summary>What is wrong with a problem answer's kind: none of ours, not in docs/architecture.md, or another status than the kind's.</summary>
    private static string? UndocumentedKind(int status, string body)
    {
        string? type;
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            type = document.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return "a problem answer that is not JSON";
        }

        var code = Municipal.ServiceDefaults.Problems.ProblemType.CodeOf(type);
        if (code is null)
        {
            return $"a problem of no kind of ours (type {type ?? "none"})";
        }

        if (!Kinds.TryGetValue(code, out var documented))
        {
            return $"the kind '{code}' is not in docs/architecture.md";
        }

        return documented == status ? null : $"the kind '{code}' is a {documented}, but came with {status}";
    }
}
