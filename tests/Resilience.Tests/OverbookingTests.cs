using Microsoft.Data.Sqlite;
using Municipal.Testing;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Resilience.Tests;

public sealed partial class FaultTests
{
    private const int Seats = 50;
    private const int Racers = 200;
    private static readonly string StaffToken = TestTokens.For("resilience-staff", ["staff"]);

    /// <summary>What one round of the race ended with: the answers by kind, and the counts Scheduling keeps.</summary>
    private sealed record Round(int Confirmed, int Waitlisted, int Refused, List<int> ServerErrors, int SessionConfirmed, long DbConfirmedRows, long DbConfirmedCount);

    /// <summary>
    /// <paramref name="rounds"/> rounds, each a new session of 50 seats that the same 200 people try to take at the
    /// same moment through the gateway. After each round: never more than 50 confirmed, by the answers, by the
    /// session's counter through the API, and by the rows in Scheduling's database; nobody is told 5xx; and while
    /// anyone waits, no seat is left empty.
    /// </summary>
    private static async Task AssertNoOverbookingAsync(FaultySystem system, int rounds)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var people = await PeopleSchedulingKnowsAsync(system, run, Racers);

        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).DateTime);
        var nextFiscalYear = (today.Month >= 10 ? today.Year + 1 : today.Year) + 543 + 1;
        var firstDay = new DateOnly(nextFiscalYear - 543 - 1, 10, 1);
        var venue = (await system.Gateway.GetFromJsonAsync<JsonElement>("/api/scheduling/venues")).GetProperty("items")[0].GetProperty("id").GetGuid();
        using var programme = await system.SendAsync(HttpMethod.Post, "/api/scheduling/programmes", StaffToken, new
        {
            fiscalYear = nextFiscalYear,
            title = $"การทดสอบการจองพร้อมกัน {run}",
            targetRoles = new[] { "committee-member" },
        });
        var programmeId = (await ReadAsync(programme, HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var results = new List<Round>();
        for (var round = 0; round < rounds; round++)
        {
            var day = firstDay.AddDays(round + 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            using var created = await system.SendAsync(HttpMethod.Post, "/api/scheduling/sessions", StaffToken, new
            {
                programmeId,
                title = $"รอบที่ {round + 1}",
                startsAt = $"{day}T09:00",
                endsAt = $"{day}T12:00",
                venueId = venue,
                capacity = Seats,
            });
            var sessionId = (await ReadAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();

            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racers = people.Select(subject => Task.Run(async () =>
            {
                var token = TestTokens.For(subject, ["community-leader"]);
                await go.Task;
                using var response = await system.SendAsync(HttpMethod.Post, $"/api/scheduling/sessions/{sessionId}/registrations", token);
                var text = await response.Content.ReadAsStringAsync();
                var status = response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.GetProperty("status").GetString() : null;
                return ((int)response.StatusCode, status, response.Content.Headers.ContentType?.MediaType);
            })).ToList();
            go.SetResult();
            var answers = await Task.WhenAll(racers);

            // A refusal is a clear 4xx with problem details, never a 5xx.
            Assert.All(answers.Where(a => a.Item1 is >= 400 and < 500), a => Assert.Equal("application/problem+json", a.Item3));
            var session = await system.Gateway.GetFromJsonAsync<JsonElement>($"/api/scheduling/sessions/{sessionId}");
            var (rows, counter) = await ConfirmedInDatabaseAsync(system, sessionId);
            var result = new Round(
                answers.Count(a => a.Item2 == "confirmed"),
                answers.Count(a => a.Item2 == "waitlisted"),
                answers.Count(a => a.Item1 is >= 400 and < 500),
                answers.Where(a => a.Item1 >= 500).Select(a => a.Item1).ToList(),
                session.GetProperty("confirmed").GetInt32(),
                rows,
                counter);
            results.Add(result);

            Assert.True(result.ServerErrors.Count == 0, $"Round {round + 1}: {result.ServerErrors.Count} answers were 5xx ({string.Join(", ", result.ServerErrors.Distinct())}).");
            Assert.Equal(Racers, result.Confirmed + result.Waitlisted + result.Refused);
            Assert.InRange(result.Confirmed, 0, Seats);
            Assert.Equal(result.Confirmed, result.SessionConfirmed);
            Assert.Equal(result.Confirmed, result.DbConfirmedRows);
            Assert.Equal(result.Confirmed, result.DbConfirmedCount);
            if (result.Waitlisted > 0)
            {
                Assert.Equal(Seats, result.Confirmed); // nobody waits while a seat is free
            }
        }

        Assert.Equal(rounds, results.Count);
    }

    /// <summary>
    /// <paramref name="count"/> people created in the registry (Communities) with sign-in subjects, and waited for
    /// until Scheduling has heard of each (it answers their own registrations with 200 instead of 422 then).
    /// </summary>
    private static async Task<List<string>> PeopleSchedulingKnowsAsync(FaultySystem system, string run, int count)
    {
        var subjects = Enumerable.Range(0, count).Select(i => $"racer-{run}-{i:000}").ToList();
        using (var throttle = new SemaphoreSlim(8))
        {
            await Task.WhenAll(subjects.Select(async (subject, i) =>
            {
                await throttle.WaitAsync();
                try
                {
                    using var created = await system.SendAsync(HttpMethod.Post, "/api/communities/people", StaffToken, new
                    {
                        title = "นาง",
                        firstNameTh = "ผู้แข่ง",
                        lastNameTh = $"คนที่ {i + 1}",
                        preferredChannel = "in-app",
                        language = "th",
                        subject,
                    });
                    await ReadAsync(created, HttpStatusCode.Created);
                }
                finally
                {
                    throttle.Release();
                }
            }));
        }

        var waiting = subjects.ToHashSet();
        await Eventually.TrueAsync(async () =>
        {
            foreach (var subject in waiting.ToList())
            {
                using var mine = await system.SendAsync(HttpMethod.Get, "/api/scheduling/registrations", TestTokens.For(subject, ["community-leader"]));
                if (mine.StatusCode == HttpStatusCode.OK)
                {
                    waiting.Remove(subject);
                }
                else if (mine.StatusCode != HttpStatusCode.UnprocessableEntity)
                {
                    Assert.Fail($"Expected 200 or 422 (not known yet), got {(int)mine.StatusCode}.");
                }
                else
                {
                    break; // events arrive roughly in order: look again later
                }
            }

            return waiting.Count == 0;
        }, Recovery, $"Scheduling to know all {count} people");
        return subjects;
    }

    /// <summary>Scheduling's own records of the session: confirmed registration rows, and the session's seat counter.</summary>
    private static async Task<(long Rows, long Counter)> ConfirmedInDatabaseAsync(FaultySystem system, Guid sessionId)
    {
        var path = Path.Combine(system.DataDirectory, "schedulingdb.db");
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        await connection.OpenAsync();
        var id = new SqliteParameter("$id", sessionId.ToString().ToUpperInvariant());
        await using var rows = connection.CreateCommand();
        rows.CommandText = "SELECT COUNT(*) FROM Registrations WHERE upper(SessionId) = $id AND Status = 'confirmed'";
        rows.Parameters.Add(id);
        await using var counter = connection.CreateCommand();
        counter.CommandText = "SELECT ConfirmedCount FROM Sessions WHERE upper(Id) = $id";
        counter.Parameters.Add(new SqliteParameter("$id", sessionId.ToString().ToUpperInvariant()));
        return ((long)(await rows.ExecuteScalarAsync())!, (long)(await counter.ExecuteScalarAsync())!);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task Twenty_rounds_of_200_concurrent_registrations_for_50_seats_never_confirm_more_than_50()
    {
        await using var system = await FaultySystem.StartAsync();
        await AssertNoOverbookingAsync(system, rounds: 20);
    }
}
