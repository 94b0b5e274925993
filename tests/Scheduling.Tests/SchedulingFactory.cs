using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Municipal.Contracts;
using Municipal.Scheduling.Domain;
using Municipal.Scheduling.Infrastructure;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Scheduling.Tests;

public class SchedulingFactory() : ServiceFactory<Program>(Extensions.EndpointName)
{
    private int _venues;

    public HttpClient Staff() => ClientAs("staff-1", "staff");

    public Task<T> InDbAsync<T>(Func<SchedulingDbContext, Task<T>> action) =>
        WithScopeAsync(s => action(s.GetRequiredService<SchedulingDbContext>()));

    /// <summary>People straight into the local copy of the registry (for big races); the consumers have their own tests.</summary>
    public async Task<List<Guid>> AddPeopleAsync(IEnumerable<string> subjects, Guid? community = null, string role = OfficeRoleCodes.President)
    {
        var ids = new List<Guid>();
        await InDbAsync(async db =>
        {
            foreach (var subject in subjects)
            {
                var id = Guid.NewGuid();
                ids.Add(id);
                db.People.Add(new RegistryPerson { Id = id, Subject = subject, FirstNameTh = "ผู้นำ", LastNameTh = subject, UpdatedAt = DateTimeOffset.UtcNow });
                if (community is not null)
                {
                    db.Offices.Add(new RegistryOffice
                    {
                        Id = Guid.NewGuid(), PersonId = id, Role = role, CommunityId = community,
                        StartDate = new DateOnly(2000, 1, 1), UpdatedAt = DateTimeOffset.UtcNow,
                    });
                }
            }

            return await db.SaveChangesAsync();
        });
        return ids;
    }

    public async Task<Guid> AddPersonAsync(string subject, Guid? community = null, string role = OfficeRoleCodes.President) =>
        (await AddPeopleAsync([subject], community, role)).Single();

    public async Task<Guid> AddCommunityAsync(string code, string nameTh)
    {
        var id = Guid.NewGuid();
        await InDbAsync(db =>
        {
            db.Communities.Add(new RegistryCommunity { Id = id, Code = code, NameTh = nameTh, Status = "active", UpdatedAt = DateTimeOffset.UtcNow });
            return db.SaveChangesAsync();
        });
        return id;
    }

    /// <summary>A programme for the fiscal year of <paramref name="startsAt"/>, and a session in a room of its own (so tests never collide).</summary>
    public async Task<JsonElement> NewSessionAsync(int capacity, DateTimeOffset startsAt, TimeSpan? length = null, int venueCapacity = 0, Guid? programme = null)
    {
        using var staff = Staff();
        var venueNumber = Interlocked.Increment(ref _venues);
        using var venue = await staff.PostAsJsonAsync("/api/scheduling/venues", new
        {
            name = $"ห้องทดสอบ {venueNumber} {Guid.NewGuid():N}",
            building = "อาคารทดสอบ",
            floor = "2",
            capacity = Math.Max(capacity, venueCapacity),
        });
        Assert.Equal(HttpStatusCode.Created, venue.StatusCode);
        var venueId = (await venue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var programmeId = programme ?? await ProgrammeForAsync(staff, FiscalYear.Containing(BangkokTime.DateOf(startsAt)));
        using var session = await staff.PostAsJsonAsync("/api/scheduling/sessions", new
        {
            programmeId,
            title = "การประชุมทดสอบ",
            startsAt = startsAt.ToString("O"),
            endsAt = (startsAt + (length ?? TimeSpan.FromHours(3))).ToString("O"),
            venueId,
            capacity,
            agenda = new[] { "รับฟังปัญหา" },
        });
        var body = await session.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(session.StatusCode == HttpStatusCode.Created, body.ToString());
        return body;
    }

    private readonly Dictionary<int, Guid> _programmes = [];

    /// <summary>A programme of its own, for tests that count what happens in one.</summary>
    public async Task<Guid> NewProgrammeAsync(DateTimeOffset during, params string[] targetRoles)
    {
        using var staff = Staff();
        using var response = await staff.PostAsJsonAsync("/api/scheduling/programmes", new
        {
            fiscalYear = FiscalYear.Containing(BangkokTime.DateOf(during)).BuddhistEra,
            title = $"โครงการ {Guid.NewGuid():N}",
            targetRoles = targetRoles.Length > 0 ? targetRoles : ["president"],
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<Guid> ProgrammeForAsync(HttpClient staff, FiscalYear year)
    {
        lock (_programmes)
        {
            if (_programmes.TryGetValue(year.BuddhistEra, out var known))
            {
                return known;
            }
        }

        using var response = await staff.PostAsJsonAsync("/api/scheduling/programmes", new
        {
            fiscalYear = year.BuddhistEra,
            title = $"โครงการทดสอบ {Guid.NewGuid():N}",
            targetRoles = new[] { "president", "council-member" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        lock (_programmes)
        {
            _programmes[year.BuddhistEra] = id;
        }

        return id;
    }

    /// <summary>Delivers a registry event as the broker would, and waits until Scheduling has consumed it.</summary>
    public async Task DeliverAsync<T>(T message) where T : class
    {
        var messageId = Guid.NewGuid();
        await Harness.Bus.Publish(message, c => c.MessageId = messageId);
        await Eventually.TrueAsync(() => Task.FromResult(Harness.Consumed.Select<T>(m => m.Context.MessageId == messageId).Any()),
            what: $"the {typeof(T).Name} to be consumed");
        await Eventually.TrueAsync(async () => await InDbAsync(db => db.InboxMessages.AnyAsync(i => i.MessageId == messageId)),
            what: $"the {typeof(T).Name} to be recorded");
    }

    /// <summary>Waits until the outbox relay has published a matching event, and returns it.</summary>
    public async Task<T> PublishedAsync<T>(Func<T, bool> match) where T : class =>
        (await Eventually.GetAsync(() => Task.FromResult(Harness.Published.Select<T>().Select(m => m.Context.Message).FirstOrDefault(match)),
            what: $"a matching {typeof(T).Name}"))!;

    /// <summary>The matching events published so far (after <see cref="PublishedAsync{T}"/> has seen the one awaited).</summary>
    public IReadOnlyList<T> PublishedSoFar<T>(Func<T, bool> match) where T : class =>
        Harness.Published.Select<T>().Select(m => m.Context.Message).Where(match).ToList();

    public static PersonRegistered Person(Guid id, string subject, string first = "สมชาย", string last = "ใจดี") => new()
    {
        PersonId = id,
        Subject = subject,
        Title = "นาย",
        FirstNameTh = first,
        LastNameTh = last,
        Contact = new ContactDetails { PreferredChannel = "line", Language = "th", PhoneE164 = "+66812345678" },
        OccurredAt = DateTimeOffset.UtcNow,
    };

    public static OfficeAssigned Office(Guid person, string role, Guid? community, DateOnly start, DateOnly? end = null) => new()
    {
        OfficeId = Guid.NewGuid(),
        PersonId = person,
        Role = role,
        CommunityId = community,
        StartDate = start,
        EndDate = end,
        OccurredAt = DateTimeOffset.UtcNow,
    };
}

/// <summary>The service on a clock the test moves: reminders, cut-offs and check-in windows without waiting.</summary>
public sealed class ClockedSchedulingFactory : SchedulingFactory
{
    public ClockedSchedulingFactory()
    {
        // Whole minutes, so offsets land exactly on the minute.
        var now = DateTimeOffset.UtcNow;
        Clock = new FakeTimeProvider(new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero));
        Settings["Scheduling:ReminderPollInterval"] = "00:01:00";
        // The relay is woken by every commit; polling on the fake clock would only make timer storms when it moves.
        Settings["Messaging:Outbox:PollInterval"] = "01:00:00";
        ConfigureServices = services => services.AddSingleton<TimeProvider>(Clock);
    }

    public FakeTimeProvider Clock { get; }
}

public static class ConditionalRequests
{
    /// <summary>A PUT with <c>If-Match</c>: the ETag last read, or <c>*</c> for whatever version is current.</summary>
    public static Task<HttpResponseMessage> PutIfMatchAsync(this HttpClient client, string path, object body, string etag = "*") =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Put, path)
        {
            Content = JsonContent.Create(body),
            Headers = { { "If-Match", etag } },
        });
}
