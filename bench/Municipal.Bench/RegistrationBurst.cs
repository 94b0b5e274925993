using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Bench;

/// <summary>
/// 4. A thousand people, each registered in the Communities registry and known to Scheduling, register for one
/// session of 100 seats at the same moment through the gateway. Time to settle: from the start signal until every
/// one of them has had an answer (registration is synchronous: once answered, a registration is committed).
/// </summary>
internal static class RegistrationBurst
{
    public const int People = 1000;
    public const int Seats = 100;

    /// <param name="SessionConfirmed">The session's confirmed count read back through the API after the burst.</param>
    public sealed record Result(
        TimeSpan TimeToSettle, int Confirmed, int Waitlisted, int Failed, int SessionConfirmed,
        double P50Ms, double P95Ms, double P99Ms, TimeSpan Preparation)
    {
        public CpuCost? Cost { get; init; }

        /// <summary>Why the failed registrations failed: a status code or an exception's type, with how many.</summary>
        public string FailureReasons { get; init; } = "";
    }

    /// <summary>
    /// The first burst is the first time this Scheduling process registers anyone (its code for that is compiled
    /// while the burst runs); the second, <see cref="Pause"/> later, is the same people registering for another
    /// session of the same size, on code the first one warmed.
    /// </summary>
    public sealed record Bursts(Result First, Result Second)
    {
        public IEnumerable<(string Name, Result Burst)> Each => [("first", First), ("second", Second)];
    }

    /// <summary>Between the two bursts: the runtime's background recompilation of what the first one ran settles.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(10);

    public static async Task<Bursts> RunAsync(SystemUnderTest system)
    {
        // One connection per person: a thousand really concurrent requests, not a client-side queue.
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = People, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = system.Gateway,
            Timeout = TimeSpan.FromMinutes(2),
        };
        var staff = system.Token("bench-staff", "staff");
        var run = Guid.NewGuid().ToString("N")[..8];
        var preparation = Stopwatch.StartNew();
        var subjects = await PeopleAsync(system, client, staff, run);
        var programme = await ProgrammeAsync(client, staff, run);
        var first = await SessionAsync(client, staff, programme, 1);
        var second = await SessionAsync(client, staff, programme, 2);
        preparation.Stop();
        Console.WriteLine($"  {People} people known to Scheduling and two sessions of {Seats} seats after {preparation.Elapsed.TotalSeconds:0} s");

        var cold = await RaceAsync(system, client, subjects, first, preparation.Elapsed, "first burst");
        await Task.Delay(Pause);
        var warm = await RaceAsync(system, client, subjects, second, preparation.Elapsed, "second burst");
        return new Bursts(cold, warm);
    }

    private static async Task<Result> RaceAsync(
        SystemUnderTest system, HttpClient client, List<string> subjects, Guid sessionId, TimeSpan preparation, string name)
    {
        // Tokens and requests are made before the start, so the clock measures the system, not the client.
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = 0L;
        var racers = subjects.Select(subject => Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/scheduling/sessions/{sessionId}/registrations");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", system.Token(subject, "community-leader"));
            await go.Task;
            try
            {
                using var response = await client.SendAsync(request);
                var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                return response.IsSuccessStatusCode
                    ? (Ms: elapsed, Status: (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Why: (string?)null)
                    : (Ms: elapsed, Status: null, Why: OpenLoop.Why(response));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return (Ms: Stopwatch.GetElapsedTime(start).TotalMilliseconds, Status: (string?)null, Why: OpenLoop.Why(ex));
            }
        })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1)); // every racer is waiting at the line
        var cpu = Cpu.Snapshot();
        start = Stopwatch.GetTimestamp();
        go.SetResult();
        var answers = await Task.WhenAll(racers);
        var settled = Stopwatch.GetElapsedTime(start);
        var cost = CpuCost.Of(cpu, Cpu.Snapshot(), People);

        var session = await client.GetFromJsonAsync<JsonElement>($"/api/scheduling/sessions/{sessionId}");
        var latencies = answers.Where(a => a.Status is not null).Select(a => a.Ms).Order().ToArray();
        var result = new Result(
            settled,
            answers.Count(a => a.Status == "confirmed"),
            answers.Count(a => a.Status == "waitlisted"),
            answers.Count(a => a.Status is null),
            session.GetProperty("confirmed").GetInt32(),
            OpenLoop.Percentile(latencies, 50), OpenLoop.Percentile(latencies, 95), OpenLoop.Percentile(latencies, 99),
            preparation) { Cost = cost, FailureReasons = OpenLoop.Reasons(answers.Where(a => a.Status is null).Select(a => a.Why ?? "no status in the answer")) };
        Console.WriteLine($"  {name} settled in {settled.TotalSeconds:0.00} s: {result.Confirmed} confirmed, {result.Waitlisted} waitlisted, " +
            $"{result.Failed} failed{(result.Failed > 0 ? $" ({result.FailureReasons})" : "")}; the session says {result.SessionConfirmed} confirmed");
        return result;
    }

    /// <summary>The people, created in the registry with sign-in subjects, once Scheduling answers each of them as a known person.</summary>
    private static async Task<List<string>> PeopleAsync(SystemUnderTest system, HttpClient client, string staff, string run)
    {
        var subjects = Enumerable.Range(0, People).Select(i => $"bench-racer-{run}-{i:0000}").ToList();
        using (var throttle = new SemaphoreSlim(16))
        {
            await Task.WhenAll(subjects.Select(async (subject, i) =>
            {
                await throttle.WaitAsync();
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/communities/people")
                    {
                        Content = JsonContent.Create(new
                        {
                            title = "นาย",
                            firstNameTh = "ผู้นำ",
                            lastNameTh = $"ทดสอบภาระ {i + 1}",
                            preferredChannel = "in-app",
                            language = "th",
                            subject,
                        }),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", staff);
                    using var response = await client.SendAsync(request);
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        throw new InvalidOperationException($"Creating a person answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    }
                }
                finally
                {
                    throttle.Release();
                }
            }));
        }

        // Scheduling answers a person's own registrations with 422 until the registry's PersonRegistered has arrived.
        var waiting = new Queue<string>(subjects);
        var deadline = Stopwatch.StartNew();
        while (waiting.Count > 0)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/scheduling/registrations");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", system.Token(waiting.Peek(), "community-leader"));
            using var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                waiting.Dequeue();
                continue;
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"Scheduling did not learn of {waiting.Count} people within 5 minutes (last answer {(int)response.StatusCode}).");
            }

            await Task.Delay(200);
        }

        return subjects;
    }

    /// <summary>A programme of the next fiscal year (registrations only go to sessions that have not started).</summary>
    private static async Task<Guid> ProgrammeAsync(HttpClient client, string staff, string run) =>
        await PostAsync(client, staff, "/api/scheduling/programmes", new
        {
            fiscalYear = FiscalYear,
            title = $"ภาระทดสอบการลงทะเบียน {run}",
            targetRoles = new[] { "committee-member" },
        });

    /// <summary>The next Buddhist-era fiscal year but one: its sessions have not started.</summary>
    private static int FiscalYear
    {
        get
        {
            var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).DateTime);
            return (today.Month >= 10 ? today.Year + 1 : today.Year) + 543 + 1;
        }
    }

    /// <summary>A session of 100 seats in the programme, on day <paramref name="n"/> of its November.</summary>
    private static async Task<Guid> SessionAsync(HttpClient client, string staff, Guid programme, int n)
    {
        var day = new DateOnly(FiscalYear - 543 - 1, 11, 16 + n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var venue = (await client.GetFromJsonAsync<JsonElement>("/api/scheduling/venues")).GetProperty("items")[0].GetProperty("id").GetGuid();
        return await PostAsync(client, staff, "/api/scheduling/sessions", new
        {
            programmeId = programme,
            title = $"การลงทะเบียนพร้อมกัน 1,000 คน รอบที่ {n}",
            startsAt = $"{day}T09:00",
            endsAt = $"{day}T16:00",
            venueId = venue,
            capacity = Seats,
        });
    }

    private static async Task<Guid> PostAsync(HttpClient client, string token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }
}
