using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Municipal.Contracts;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

public class RequestsFactory() : ServiceFactory<Program>(Extensions.EndpointName)
{
    /// <summary>Announces a community the way the registry does, and waits until Requests has its read copy.</summary>
    public async Task<Guid> KnownCommunityAsync(string? code = null, double latitude = 16.4803, double longitude = 99.5489, string status = "active", string? nameTh = null)
    {
        CreateClient().Dispose(); // the host runs
        var id = Guid.NewGuid();
        code ??= "T-" + id.ToString("N")[..6];
        await Harness.Bus.Publish(new CommunityRegistered
        {
            CommunityId = id,
            Code = code,
            NameTh = nameTh ?? $"ชุมชนทดสอบ {code}",
            NameEn = $"Test community {code}",
            Status = status,
            Latitude = latitude,
            Longitude = longitude,
            OccurredAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().Communities.AnyAsync(c => c.Id == id)),
            what: "the community's read copy");
        return id;
    }

    /// <summary>
    /// A leader the registry vouches for: announces a person with the subject and their office in the community the way
    /// the registry does, waits until Requests' copy holds both, and gives a client with the leader's token.
    /// </summary>
    public async Task<HttpClient> RegistryLeaderOfAsync(Guid communityId, string subject)
    {
        var person = await RegistryPersonAsync(subject);
        await RegistryOfficeAsync(person, communityId, new DateOnly(2020, 1, 1), end: null);
        return ClientAsLeaderOf(communityId, subject);
    }

    /// <summary>Announces a person of the registry with a sign-in subject; waits for Requests' copy.</summary>
    public async Task<Guid> RegistryPersonAsync(string subject)
    {
        CreateClient().Dispose(); // the host runs
        var id = Guid.NewGuid();
        await Harness.Bus.Publish(new PersonRegistered
        {
            PersonId = id,
            Subject = subject,
            Title = "นาย",
            FirstNameTh = "ผู้นำ",
            LastNameTh = "ทดสอบ",
            Contact = new ContactDetails { PreferredChannel = "in-app", Language = "th" },
            OccurredAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().People.AnyAsync(p => p.Id == id)),
            what: "the person's read copy");
        return id;
    }

    /// <summary>Announces a term of office (president of the community) as the registry does; waits for Requests' copy.</summary>
    public async Task<Guid> RegistryOfficeAsync(Guid personId, Guid communityId, DateOnly start, DateOnly? end)
    {
        var id = Guid.NewGuid();
        await Harness.Bus.Publish(new OfficeAssigned
        {
            OfficeId = id,
            PersonId = personId,
            Role = "president",
            CommunityId = communityId,
            StartDate = start,
            EndDate = end,
            OccurredAt = DateTimeOffset.UtcNow,
        });
        await Eventually.TrueAsync(() => WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().OfficeTerms.AnyAsync(t => t.Id == id)),
            what: "the term's read copy");
        return id;
    }

    /// <summary>Waits for the outbox relay to have published a matching event (it publishes after the commit).</summary>
    public async Task<T> PublishedAsync<T>(Func<T, bool> which) where T : class =>
        (await Eventually.GetAsync(() => Task.FromResult(Harness.Published.Select<T>().Select(m => m.Context.Message).FirstOrDefault(which)),
            what: $"a matching {typeof(T).Name}"))!;

    /// <summary>Submits a request as the client's caller; returns the created request.</summary>
    public static async Task<JsonElement> SubmitAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/api/requests", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"submitting gave {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static object Drainage(Guid community, double latitude = 16.4810, double longitude = 99.5500, string title = "ท่อระบายน้ำอุดตัน") => new
    {
        communityId = community,
        category = "drainage",
        title,
        description = "น้ำท่วมขังหน้าบ้านทุกครั้งที่ฝนตก",
        location = new { latitude, longitude },
    };

    /// <summary>Moves a request on; returns the response for the caller to check.</summary>
    public static Task<HttpResponseMessage> TransitionAsync(HttpClient client, Guid id, object body) =>
        client.PostAsJsonAsync($"/api/requests/{id}/transitions", body);
}

/// <summary>A host whose clock the test turns: for due dates, overdue lists and the reopen window.</summary>
public class ClockedRequestsFactory : RequestsFactory
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public ClockedRequestsFactory()
    {
        ConfigureServices = services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
        };
    }

    /// <summary>Tokens that outlive any jump of the clock.</summary>
    public HttpClient LongLivedClientAs(string subject, string[] roles, Guid? community = null, string? division = null) =>
        ClientWith(TestTokens.For(subject, roles, community, division, TimeSpan.FromDays(400)));
}

/// <summary>Requests with LINE's content API pointed at a fake LINE platform.</summary>
public sealed class LineRequestsFactory : RequestsFactory
{
    public LineRequestsFactory()
    {
        Line = FakeLinePlatform.StartAsync().GetAwaiter().GetResult();
        Settings["Requests:Line:ChannelAccessToken"] = FakeLinePlatform.AccessToken;
        Settings["Requests:Line:DataBaseAddress"] = Line.BaseAddress.ToString();
    }

    public FakeLinePlatform Line { get; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Line.DisposeAsync();
    }
}
