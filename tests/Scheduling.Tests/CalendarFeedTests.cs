using Ical.Net;
using Municipal.Scheduling.Application;
using Municipal.Scheduling.Domain;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Scheduling.Tests;

public sealed class CalendarFeedTests(SchedulingFactory factory) : IClassFixture<SchedulingFactory>
{
    [Fact]
    public async Task A_person_gets_a_secret_feed_of_their_sessions_which_stops_working_when_a_new_one_is_issued()
    {
        var confirmed = await factory.NewSessionAsync(1, DateTimeOffset.UtcNow.AddDays(5));
        var waitlisted = await factory.NewSessionAsync(1, DateTimeOffset.UtcNow.AddDays(6));
        var other = await factory.NewSessionAsync(1, DateTimeOffset.UtcNow.AddDays(7));
        await factory.AddPeopleAsync(["feed-owner", "feed-other"]);
        using var owner = factory.ClientAs("feed-owner", "community-leader");
        using var someoneElse = factory.ClientAs("feed-other", "community-leader");
        (await someoneElse.PostAsync($"/api/scheduling/sessions/{waitlisted.Id()}/registrations", null)).Dispose();
        (await owner.PostAsync($"/api/scheduling/sessions/{confirmed.Id()}/registrations", null)).Dispose();
        (await owner.PostAsync($"/api/scheduling/sessions/{waitlisted.Id()}/registrations", null)).Dispose();
        (await someoneElse.PostAsync($"/api/scheduling/sessions/{other.Id()}/registrations", null)).Dispose();

        using var issued = await owner.PostAsync("/api/scheduling/feeds", null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var path = (await issued.Content.ReadFromJsonAsync<JsonElement>()).Str("path");
        Assert.Matches("^/api/scheduling/feeds/[A-Za-z0-9_-]{40,}\\.ics$", path);

        using var anonymous = factory.CreateClient();
        using var feed = await anonymous.GetAsync(path);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
        var calendar = Calendar.Load(await feed.Content.ReadAsStringAsync())!;
        // The name a phone shows for the subscribed calendar: Thai and the municipality's, not the project's code name.
        Assert.Equal("การประชุมของฉัน – เทศบาลเมืองกำแพงเพชร", calendar.Properties.Get<string>("X-WR-CALNAME"));
        var events = calendar.Events.ToDictionary(e => e.Uid!);
        Assert.Equal(2, events.Count);
        Assert.Equal("CONFIRMED", events[$"session-{confirmed.Id():N}@scheduling.municipal"].Status);
        Assert.Equal("TENTATIVE", events[$"session-{waitlisted.Id():N}@scheduling.municipal"].Status);

        using var rotated = await owner.PostAsync("/api/scheduling/feeds", null);
        using var old = await anonymous.GetAsync(path);
        await ProblemAssert.IsProblemAsync(old, HttpStatusCode.NotFound);
        using var guessed = await anonymous.GetAsync("/api/scheduling/feeds/not-a-secret.ics");
        await ProblemAssert.IsProblemAsync(guessed, HttpStatusCode.NotFound);

        using var stranger = factory.ClientAs("nobody-known", "resident");
        using var refused = await stranger.PostAsync("/api/scheduling/feeds", null);
        await ProblemAssert.IsProblemAsync(refused, SchedulingProblems.NotLinkedToRegistry);
    }

    [Fact]
    public async Task A_feeds_secret_address_reaches_no_span()
    {
        await factory.AddPeopleAsync(["feed-traced"]);
        using var owner = factory.ClientAs("feed-traced", "community-leader");
        using var issued = await owner.PostAsync("/api/scheduling/feeds", null);
        var path = (await issued.Content.ReadFromJsonAsync<JsonElement>()).Str("path");
        var secret = path["/api/scheduling/feeds/".Length..^".ics".Length];
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName.Contains("HttpRequestIn", StringComparison.Ordinal))
                {
                    seen.Enqueue(activity.DisplayName);
                    foreach (var (key, value) in activity.TagObjects)
                    {
                        seen.Enqueue($"{key}={value}");
                    }
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);

        using var anonymous = factory.CreateClient();
        using var feed = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        // The request's span ends after its answer is sent: wait for it rather than read too early.
        await Eventually.TrueAsync(() => Task.FromResult(seen.Contains("url.path=/api/scheduling/feeds/{secret}.ics")), TimeSpan.FromSeconds(10), "the feed request's span");

        var tags = seen.ToArray();
        Assert.Contains("url.path=/api/scheduling/feeds/{secret}.ics", tags); // the request is traced, its address is not
        Assert.DoesNotContain(tags, t => t.Contains(secret, StringComparison.Ordinal));
    }
}
