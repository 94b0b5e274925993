using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Communities.Tests;

/// <summary>Calls the tests share: clients for each role, and the registry's common steps through its API.</summary>
internal static class TestApi
{
    public static HttpClient Staff(this ServiceFactory<Program> factory, string subject = "staff-1") => factory.ClientAs(subject, "staff");

    public static HttpClient Admin(this ServiceFactory<Program> factory, string subject = "admin-1") => factory.ClientAs(subject, "admin");

    public static async Task<Guid> CommunityIdAsync(this ServiceFactory<Program> factory, string code)
    {
        using var client = factory.CreateClient();
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/communities?q={code}");
        return page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code).GetProperty("id").GetGuid();
    }

    /// <summary>A fresh person (unique names) registered by staff; returns the created body.</summary>
    public static async Task<JsonElement> NewPersonAsync(this ServiceFactory<Program> factory, string? subject = null, string? phone = "081-234-5678",
        string? email = null, string? lineUserId = null, string first = "สมชาย", string? last = null)
    {
        using var staff = factory.Staff();
        using var response = await staff.PostAsJsonAsync("/api/communities/people", new
        {
            title = "นาย",
            firstNameTh = first,
            lastNameTh = last ?? "ทดสอบ" + Guid.NewGuid().ToString("N")[..6],
            phone,
            email,
            lineUserId,
            subject,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<HttpResponseMessage> AssignAsync(this ServiceFactory<Program> factory, Guid personId, string role,
        Guid? communityId = null, Guid? divisionId = null, string startDate = "2019-10-01", string? endDate = null)
    {
        using var staff = factory.Staff();
        return await staff.PostAsJsonAsync("/api/communities/offices", new { personId, role, communityId, divisionId, startDate, endDate });
    }

    public static async Task<JsonElement> AssignedAsync(this ServiceFactory<Program> factory, Guid personId, string role,
        Guid? communityId = null, Guid? divisionId = null, string startDate = "2019-10-01", string? endDate = null)
    {
        using var response = await factory.AssignAsync(personId, role, communityId, divisionId, startDate, endDate);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// A leader the registry confirms: a person with this sign-in subject holding a committee seat in the community
    /// since <paramref name="startDate"/> (and until <paramref name="endDate"/>), and a client with their token.
    /// </summary>
    public static async Task<HttpClient> ConfirmedLeaderAsync(this ServiceFactory<Program> factory, Guid community, string subject,
        string startDate = "2019-10-01", string? endDate = null)
    {
        var person = await factory.NewPersonAsync(subject: subject, phone: null);
        await factory.AssignedAsync(person.GetProperty("id").GetGuid(), "committee-member", community, startDate: startDate, endDate: endDate);
        return factory.ClientAsLeaderOf(community, subject);
    }

    public static HttpRequestMessage WithIfMatch(this HttpRequestMessage request, string? etag)
    {
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        }

        return request;
    }

    public static HttpRequestMessage Put(string uri, object body, string? etag) =>
        new HttpRequestMessage(HttpMethod.Put, uri) { Content = JsonContent.Create(body) }.WithIfMatch(etag);

    public static async Task<(JsonElement Body, string ETag)> GetWithETagAsync(this HttpClient client, string uri)
    {
        using var response = await client.GetAsync(uri);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>(), response.Headers.ETag!.ToString());
    }

    public static Task<T> InDbAsync<T>(this ServiceFactory<Program> factory, Func<Infrastructure.CommunitiesDbContext, Task<T>> query) =>
        factory.WithScopeAsync(services => query(services.GetRequiredService<Infrastructure.CommunitiesDbContext>()));
}

internal static class Outbox
{
    /// <summary>The stored events of one type that mention <paramref name="id"/>: what was (or will be) published, deterministically.</summary>
    public static Task<List<JsonElement>> EventsAsync<T>(this ServiceFactory<Program> factory, Guid id) => factory.InDbAsync(async db =>
    {
        var type = typeof(T).FullName!;
        var needle = id.ToString();
        var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.MessageType == type).ToListAsync();
        return rows.Where(r => r.Payload.Contains(needle, StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Sequence)
            .Select(r => JsonDocument.Parse(r.Payload).RootElement).ToList();
    });
}

internal static class Published
{
    /// <summary>Waits until the outbox relay has published a matching event to the test harness, and returns it.</summary>
    public static async Task<T> OneAsync<T>(this ServiceFactory<Program> factory, Func<T, bool> match) where T : class
    {
        await Eventually.TrueAsync(() => Task.FromResult(Matching(factory, match).Any()), what: $"a published {typeof(T).Name}");
        return Matching(factory, match).Single();
    }

    public static IEnumerable<T> Matching<T>(ServiceFactory<Program> factory, Func<T, bool> match) where T : class =>
        factory.Harness.Published.Select<T>().Select(m => m.Context.Message).Where(match);
}
