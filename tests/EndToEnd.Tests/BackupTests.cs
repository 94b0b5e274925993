using Microsoft.Data.Sqlite;
using Municipal.Operations;
using Municipal.Testing;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.EndToEnd.Tests;

/// <summary>
/// <c>./municipal backup</c> and <c>restore</c> on the running system: an online backup of every service's database
/// and the photos, restored into a fresh folder, holds every request, person and registration there was.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class BackupTests(SystemFixture system)
{
    private static readonly string StaffToken = TestTokens.For("e2e-backup-staff", ["staff"]);

    [Fact]
    public async Task A_backup_of_the_running_system_restored_into_a_fresh_folder_holds_every_request_person_and_registration()
    {
        var (requestId, personId, registrationId) = await OneOfEachAsync();

        var live = new
        {
            Requests = await IdsAsync(Path.Combine(system.DataDirectory, "requestsdb.db"), "Requests"),
            People = await IdsAsync(Path.Combine(system.DataDirectory, "communitiesdb.db"), "People"),
            Registrations = await IdsAsync(Path.Combine(system.DataDirectory, "schedulingdb.db"), "Registrations"),
        };
        Assert.Contains(requestId, live.Requests);
        Assert.Contains(personId, live.People);
        Assert.Contains(registrationId, live.Registrations);

        var scratch = Path.Combine(Path.GetTempPath(), "municipal-backup-test", Guid.NewGuid().ToString("N"));
        try
        {
            var backup = Path.Combine(scratch, "backup");
            var manifest = await DataBackup.BackupAsync(system.DataDirectory, backup, TimeProvider.System);
            Assert.All(DataBackup.Databases, name => Assert.Contains(manifest.Files, f => f.Path == name + ".db"));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(backup, "requestsdb.db")));
            }

            var restored = Path.Combine(scratch, "restored");
            await DataBackup.RestoreAsync(backup, restored);

            Assert.Superset(live.Requests, await IdsAsync(Path.Combine(restored, "requestsdb.db"), "Requests"));
            Assert.Superset(live.People, await IdsAsync(Path.Combine(restored, "communitiesdb.db"), "People"));
            Assert.Superset(live.Registrations, await IdsAsync(Path.Combine(restored, "schedulingdb.db"), "Registrations"));
            // The copies stand alone: no write-ahead log is needed beside them.
            Assert.False(File.Exists(Path.Combine(restored, "requestsdb.db-wal")));
            await Assert.ThrowsAsync<OperationFailed>(() => DataBackup.RestoreAsync(backup, restored));
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    private static async Task<HashSet<Guid>> IdsAsync(string database, string table)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = database,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT Id FROM \"{table}\"";
        var ids = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(Guid.Parse(reader.GetString(0), CultureInfo.InvariantCulture));
        }

        return ids;
    }

    /// <summary>A person with a leader's office, a request of theirs, and their registration for a session.</summary>
    private async Task<(Guid Request, Guid Person, Guid Registration)> OneOfEachAsync()
    {
        var communities = await Eventually.GetAsync(async () =>
        {
            var body = await system.Gateway.GetFromJsonAsync<JsonElement>("/api/communities?pageSize=100");
            return body.GetProperty("total").GetInt32() >= 1 ? (JsonElement?)body : null;
        }, TimeSpan.FromSeconds(60), "the founding communities");
        var communityId = communities!.Value.GetProperty("items")[0].GetProperty("id").GetGuid();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var subject = "e2e-backup-" + Guid.NewGuid().ToString("N")[..8];

        var person = await ReadAsync(await SendAsync(HttpMethod.Post, "/api/communities/people", StaffToken, new
        {
            title = "นาง",
            firstNameTh = "สำรอง",
            lastNameTh = "ข้อมูล",
            preferredChannel = "in-app",
            language = "th",
            subject,
        }), HttpStatusCode.Created);
        var personId = person.GetProperty("id").GetGuid();
        await ReadAsync(await SendAsync(HttpMethod.Post, "/api/communities/offices", StaffToken, new
        {
            personId,
            role = "committee-member",
            communityId,
            startDate = today.AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }), HttpStatusCode.Created);

        var leaderToken = TestTokens.For(subject, ["community-leader"], community: communityId);
        await RequestsReadiness.VouchesForLeaderAsync(system.Gateway, leaderToken, communityId);
        var request = await ReadAsync(await SendAsync(HttpMethod.Post, "/api/requests", leaderToken, new
        {
            communityId,
            category = "drainage",
            title = "ท่อระบายน้ำอุดตันหน้าบ้าน",
            description = "น้ำขังทุกครั้งที่ฝนตก",
            location = new { latitude = 16.4827, longitude = 99.5226 },
        }), HttpStatusCode.Created);

        var nextFiscalYear = (today.Month >= 10 ? today.Year + 1 : today.Year) + 543 + 1;
        var sessionId = (await ProgrammeFromTemplateAsync(nextFiscalYear)).GetProperty("sessions")[0].GetProperty("id").GetGuid();
        var registration = await Eventually.GetAsync(async () =>
        {
            using var invite = await SendAsync(HttpMethod.Post, $"/api/scheduling/sessions/{sessionId}/invitations", StaffToken);
            using var registered = await SendAsync(HttpMethod.Post, $"/api/scheduling/sessions/{sessionId}/registrations", leaderToken);
            return registered.StatusCode == HttpStatusCode.Created
                ? (JsonElement?)JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.Clone()
                : null;
        }, TimeSpan.FromSeconds(60), "Scheduling to know the new leader and take the registration");

        return (request.GetProperty("id").GetGuid(), personId, registration!.Value.GetProperty("id").GetGuid());
    }

    private async Task<JsonElement> ProgrammeFromTemplateAsync(int fiscalYear)
    {
        using var created = await SendAsync(HttpMethod.Post, "/api/scheduling/programmes/from-template?lang=th", StaffToken, new { fiscalYear });
        if (created.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = (await ReadAsync(created, HttpStatusCode.Conflict)).GetProperty("programmeId").GetGuid();
            return await ReadAsync(await SendAsync(HttpMethod.Get, $"/api/scheduling/programmes/{existing}?lang=th", StaffToken), HttpStatusCode.OK);
        }

        return await ReadAsync(created, HttpStatusCode.Created);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await system.Gateway.SendAsync(request);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
