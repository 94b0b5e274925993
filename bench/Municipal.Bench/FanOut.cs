using Microsoft.Data.Sqlite;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Municipal.Bench;

/// <summary>
/// One call that raises a thousand events, and the time from its answer until the last effect exists: a CSV import of
/// 1,000 people with a term each (PersonRegistered and OfficeAssigned for each, until the last read copy of a person and
/// a term in Scheduling and in Notifications), then the invitations of a session to those 1,000 (InvitationIssued for
/// each, until the last of the 1,000 in-app inbox entries). Beside them, the broker's ceiling in the same run.
/// </summary>
internal static class FanOut
{
    public const int People = 1000;

    public sealed record Step(string What, int Events, TimeSpan CallTook, TimeSpan ToLastEffect, int Effects, CpuCost Cost)
    {
        public double EventsPerSecond => Events / ToLastEffect.TotalSeconds;
    }

    public sealed record Result(Step Import, Step Invitations, BrokerCeiling.Result Ceiling);

    /// <summary>People in the unmeasured warm-up round (the same import and invitations, smaller).</summary>
    public const int WarmUpPeople = 200;

    public static async Task<Result> RunAsync(SystemUnderTest system, string amqp)
    {
        using var client = new HttpClient { BaseAddress = system.Gateway, Timeout = TimeSpan.FromMinutes(5) };
        var staff = system.Token("bench-staff", "staff");
        var community = (await client.GetFromJsonAsync<JsonElement>("/api/communities?pageSize=1")).GetProperty("items")[0];
        var code = community.GetProperty("code").GetString()!;

        // Warm-up, not measured: the consumers of these events run for the first time here, and a freshly started
        // service spends most of that first minute in the JIT (a profile of a cold import: a third of every consumer's
        // CPU in clrjit). Then a pause for the tier-1 recompilation the warm-up queued.
        await RoundAsync(system, client, staff, code, WarmUpPeople);
        await Task.Delay(TimeSpan.FromSeconds(5));

        var (import, invitations) = await RoundAsync(system, client, staff, code, People);

        // 3. The ceiling, on the same broker, in the same run.
        var ceiling = await BrokerCeiling.RunAsync(amqp, 10_000);
        Console.WriteLine($"  broker ceiling: {ceiling.PerSecond:0} events/s");
        return new Result(import, invitations, ceiling);
    }

    private static async Task<(Step Import, Step Invitations)> RoundAsync(SystemUnderTest system, HttpClient client, string staff, string code, int people)
    {
        var run = Guid.NewGuid().ToString("N")[..8];

        // 1. The import.
        string Csv(string? endDate)
        {
            var csv = new StringBuilder("first_name_th,last_name_th,subject,preferred_channel,role,community_code,start_date,end_date\n");
            for (var i = 0; i < people; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"ผู้ร่วม,แฟนเอาต์ {run} {i:0000},bench-fan-{run}-{i:0000},in-app,committee-member,{code},2020-01-01,{endDate}\n");
            }

            return csv.ToString();
        }

        var scheduling = Path.Combine(system.DataDirectory, "schedulingdb.db");
        var notifications = Path.Combine(system.DataDirectory, "notificationsdb.db");
        var peopleBefore = (await CountAsync(scheduling, "SELECT count(*) FROM RegistryPeople"), await CountAsync(notifications, "SELECT count(*) FROM People"));
        var officesBefore = (await CountAsync(scheduling, "SELECT count(*) FROM RegistryOffices"), await CountAsync(notifications, "SELECT count(*) FROM Offices"));

        var cpu = Cpu.Snapshot();
        var clock = Stopwatch.StartNew();
        await ImportAsync(client, staff, Csv(endDate: null));

        var importCall = clock.Elapsed;
        var importDone = await UntilAsync(async () =>
            await CountAsync(scheduling, "SELECT count(*) FROM RegistryPeople") - peopleBefore.Item1 >= people
            && await CountAsync(notifications, "SELECT count(*) FROM People") - peopleBefore.Item2 >= people
            && await CountAsync(scheduling, "SELECT count(*) FROM RegistryOffices") - officesBefore.Item1 >= people
            && await CountAsync(notifications, "SELECT count(*) FROM Offices") - officesBefore.Item2 >= people);
        var importEffect = clock.Elapsed - importCall;
        var import = new Step("CSV import of 1,000 people with a term each → last read copy in Scheduling and Notifications",
            2 * people, importCall, importEffect, importDone ? 4 * people : 0, CpuCost.Of(cpu, Cpu.Snapshot(), 2 * people));
        Console.WriteLine($"  import{(people < People ? " (warm-up)" : "")}: answered in {importCall.TotalSeconds:0.00} s, last read copy {importEffect.TotalSeconds:0.00} s later");

        // 2. The invitations.
        var session = await SessionAsync(client, staff, run, december: people < People ? 9 : 8);
        cpu = Cpu.Snapshot();
        clock.Restart();
        int invited;
        using (var invite = new HttpRequestMessage(HttpMethod.Post, $"/api/scheduling/sessions/{session}/invitations") { Content = JsonContent.Create(new { }) })
        {
            invite.Headers.Authorization = new AuthenticationHeaderValue("Bearer", staff);
            using var answer = await client.SendAsync(invite);
            var text = await answer.Content.ReadAsStringAsync();
            if (!answer.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Inviting answered {(int)answer.StatusCode}: {text}");
            }

            invited = JsonDocument.Parse(text).RootElement.GetProperty("issued").GetInt32();
        }

        var inviteCall = clock.Elapsed;
        var inboxSql = $"SELECT count(*) FROM InboxItems WHERE RecipientSubject LIKE 'bench-fan-{run}-%' AND Link LIKE '%{session}%'";
        var inviteDone = await UntilAsync(async () => await CountAsync(notifications, inboxSql) >= people);
        var inviteEffect = clock.Elapsed - inviteCall;
        var entries = (int)await CountAsync(notifications, inboxSql);
        var invitations = new Step($"Invitations of one session to the 1,000 (the call invited {invited}) → last in-app inbox entry",
            invited, inviteCall, inviteEffect, entries, CpuCost.Of(cpu, Cpu.Snapshot(), invited));
        Console.WriteLine($"  invitations{(people < People ? " (warm-up)" : "")}: {invited} answered in {inviteCall.TotalSeconds:0.00} s, {entries} inbox entries {inviteEffect.TotalSeconds:0.00} s later{(inviteDone ? "" : " (timed out)")}");
        if (people < People)
        {
            // The warm-up's people leave office again (their terms end, by the same import with an end date), so that the
            // measured session invites the measured 1,000 only; the OfficeEnded events warm those consumers too.
            await ImportAsync(client, staff, Csv(endDate: "2021-01-01"));
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        return (import, invitations);
    }

    private static async Task ImportAsync(HttpClient client, string staff, string csv)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/communities/import/people") { Content = new StringContent(csv, Encoding.UTF8, "text/csv") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", staff);
        using var answer = await client.SendAsync(request);
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The import answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<bool> UntilAsync(Func<Task<bool>> done)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (await done())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    private static async Task<Guid> SessionAsync(HttpClient client, string staff, string run, int december)
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).DateTime);
        var fiscalYear = (today.Month >= 10 ? today.Year + 1 : today.Year) + 543 + 1;
        var day = new DateOnly(fiscalYear - 543 - 1, 12, december).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var venue = (await client.GetFromJsonAsync<JsonElement>("/api/scheduling/venues")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var programme = await PostAsync(client, staff, "/api/scheduling/programmes", new
        {
            fiscalYear,
            title = $"ภาระทดสอบการเชิญ {run}",
            targetRoles = new[] { "committee-member" },
        });
        return await PostAsync(client, staff, "/api/scheduling/sessions", new
        {
            programmeId = programme,
            title = "การเชิญ 1,000 คน",
            startsAt = $"{day}T09:00",
            endsAt = $"{day}T16:00",
            venueId = venue,
            capacity = 100,
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

    public static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
