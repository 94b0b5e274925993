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

    public static async Task<Result> RunAsync(SystemUnderTest system, string amqp)
    {
        using var client = new HttpClient { BaseAddress = system.Gateway, Timeout = TimeSpan.FromMinutes(5) };
        var staff = system.Token("bench-staff", "staff");
        var run = Guid.NewGuid().ToString("N")[..8];
        var community = (await client.GetFromJsonAsync<JsonElement>("/api/communities?pageSize=1")).GetProperty("items")[0];
        var code = community.GetProperty("code").GetString()!;

        // 1. The import.
        var csv = new StringBuilder("first_name_th,last_name_th,subject,preferred_channel,role,community_code,start_date\n");
        for (var i = 0; i < People; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"ผู้ร่วม,แฟนเอาต์ {run} {i:0000},bench-fan-{run}-{i:0000},in-app,committee-member,{code},2020-01-01\n");
        }

        var scheduling = Path.Combine(system.DataDirectory, "schedulingdb.db");
        var notifications = Path.Combine(system.DataDirectory, "notificationsdb.db");
        var peopleBefore = (await CountAsync(scheduling, "SELECT count(*) FROM RegistryPeople"), await CountAsync(notifications, "SELECT count(*) FROM People"));
        var officesBefore = (await CountAsync(scheduling, "SELECT count(*) FROM RegistryOffices"), await CountAsync(notifications, "SELECT count(*) FROM Offices"));

        var cpu = Cpu.Snapshot();
        var clock = Stopwatch.StartNew();
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/communities/import/people") { Content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv") })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", staff);
            using var answer = await client.SendAsync(request);
            if (!answer.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The import answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            }
        }

        var importCall = clock.Elapsed;
        var importDone = await UntilAsync(async () =>
            await CountAsync(scheduling, "SELECT count(*) FROM RegistryPeople") - peopleBefore.Item1 >= People
            && await CountAsync(notifications, "SELECT count(*) FROM People") - peopleBefore.Item2 >= People
            && await CountAsync(scheduling, "SELECT count(*) FROM RegistryOffices") - officesBefore.Item1 >= People
            && await CountAsync(notifications, "SELECT count(*) FROM Offices") - officesBefore.Item2 >= People);
        var importEffect = clock.Elapsed - importCall;
        var import = new Step("CSV import of 1,000 people with a term each → last read copy in Scheduling and Notifications",
            2 * People, importCall, importEffect, importDone ? 4 * People : 0, CpuCost.Of(cpu, Cpu.Snapshot(), 2 * People));
        Console.WriteLine($"  import: answered in {importCall.TotalSeconds:0.00} s, last read copy {importEffect.TotalSeconds:0.00} s later");

        // 2. The invitations.
        var session = await SessionAsync(client, staff, run);
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
        var inviteDone = await UntilAsync(async () => await CountAsync(notifications, inboxSql) >= People);
        var inviteEffect = clock.Elapsed - inviteCall;
        var entries = (int)await CountAsync(notifications, inboxSql);
        var invitations = new Step($"Invitations of one session to the 1,000 (the call invited {invited}) → last in-app inbox entry",
            invited, inviteCall, inviteEffect, entries, CpuCost.Of(cpu, Cpu.Snapshot(), invited));
        Console.WriteLine($"  invitations: {invited} answered in {inviteCall.TotalSeconds:0.00} s, {entries} inbox entries {inviteEffect.TotalSeconds:0.00} s later{(inviteDone ? "" : " (timed out)")}");

        // 3. The ceiling, on the same broker, in the same run.
        var ceiling = await BrokerCeiling.RunAsync(amqp, 10_000);
        Console.WriteLine($"  broker ceiling: {ceiling.PerSecond:0} events/s");
        return new Result(import, invitations, ceiling);
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

    private static async Task<Guid> SessionAsync(HttpClient client, string staff, string run)
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).DateTime);
        var fiscalYear = (today.Month >= 10 ? today.Year + 1 : today.Year) + 543 + 1;
        var day = new DateOnly(fiscalYear - 543 - 1, 12, 8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
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
