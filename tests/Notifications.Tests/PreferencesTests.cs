using Municipal.Contracts;
using Municipal.Notifications.Application;
using Municipal.Notifications.Domain;
using Municipal.Notifications.Tests.Support;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Notifications.Tests;

/// <summary>A person's own preferences: read and set by themself only, and obeyed by later notices.</summary>
public sealed class PreferencesTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    [Fact]
    public async Task Someone_unknown_to_the_registry_sees_the_defaults()
    {
        using var client = factory.ClientAs("pref-a", "resident");
        var preferences = await client.GetFromJsonAsync<JsonElement>("/api/notifications/preferences");
        Assert.Equal("in-app", preferences.GetProperty("preferredChannel").GetString());
        Assert.Equal("th", preferences.GetProperty("language").GetString());
        Assert.False(preferences.GetProperty("inRegistry").GetBoolean());
        Assert.False(preferences.GetProperty("quietHoursChosen").GetBoolean());
        var email = preferences.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "email");
        Assert.True(email.GetProperty("configured").GetBoolean());
        Assert.False(email.GetProperty("reachable").GetBoolean());
    }

    [Fact]
    public async Task Choosing_english_makes_later_notices_english_and_nobody_else_is_affected()
    {
        using var client = factory.ClientAs("pref-b", "resident");
        using var put = await client.PutAsJsonAsync("/api/notifications/preferences", new { language = "en", quietHours = new { start = "22:00", end = "06:00" } });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var saved = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("en", saved.GetProperty("language").GetString());
        Assert.Equal("22:00", saved.GetProperty("quietHours").GetProperty("start").GetString());

        await factory.PublishAsync(Events.Submitted("pref-b"));
        await Probe.WaitAsync(async () => (await factory.InboxAsync("pref-b")).Count == 1, "the entry");
        Assert.StartsWith("We received your request", (await factory.InboxAsync("pref-b")).Single().Title);

        using var other = factory.ClientAs("pref-c", "resident");
        Assert.Equal("th", (await other.GetFromJsonAsync<JsonElement>("/api/notifications/preferences")).GetProperty("language").GetString());
    }

    [Fact]
    public async Task Choosing_email_sends_mail_when_the_registry_holds_an_address_and_is_422_when_it_does_not()
    {
        await factory.KnowAsync(Events.Person(subject: "pref-d", email: "pref-d@example.th"));
        using var withAddress = factory.ClientAs("pref-d", "community-leader");
        using var ok = await withAddress.PutAsJsonAsync("/api/notifications/preferences", new { preferredChannel = "email" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True((await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("inRegistry").GetBoolean());
        await factory.PublishAsync(Events.Submitted("pref-d"));
        await Probe.WaitAsync(() => Task.FromResult(factory.Smtp!.To("pref-d@example.th").Count == 1), "the mail");

        using var withoutAddress = factory.ClientAs("pref-e", "resident");
        var noAddress = await ProblemAssert.IsProblemAsync(
            await withoutAddress.PutAsJsonAsync("/api/notifications/preferences", new { preferredChannel = "email" }), NotificationsProblems.NoContactAddress);
        Assert.Equal("email", noAddress.GetProperty("channel").GetString());
        await ProblemAssert.IsProblemAsync(
            await withoutAddress.PutAsJsonAsync("/api/notifications/preferences", new { preferredChannel = "line" }), NotificationsProblems.LineNotLinked);
    }

    [Theory]
    [InlineData("""{"preferredChannel":"fax"}""", "preferredChannel")]
    [InlineData("""{"language":"fr"}""", "language")]
    [InlineData("""{"quietHours":{"start":"25:00","end":"07:00"}}""", "quietHours")]
    [InlineData("""{"quietHours":{"start":"07:00","end":"07:00"}}""", "quietHours")]
    public async Task Invalid_preferences_are_400_naming_the_field(string body, string field)
    {
        using var client = factory.ClientAs("pref-f", "resident");
        using var response = await client.PutAsync("/api/notifications/preferences", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Preferences_need_a_token()
    {
        using var client = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/notifications/preferences"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_choice_here_wins_over_the_registry_until_cleared()
    {
        var person = await factory.KnowAsync(Events.Person(subject: "pref-g", email: "pref-g@example.th", channel: ChannelCodes.Email));
        using var client = factory.ClientAs("pref-g", "resident");
        await client.PutAsJsonAsync("/api/notifications/preferences", new { preferredChannel = "in-app" });
        await factory.PublishAsync(Events.Submitted("pref-g"));
        await Probe.WaitAsync(async () => (await factory.InboxAsync("pref-g")).Count == 1, "the entry");
        Assert.DoesNotContain(await factory.DeliveriesAsync(person.PersonId), d => d.Channel == ChannelCodes.Email);

        await client.PutAsJsonAsync("/api/notifications/preferences", new { });
        var cleared = await client.GetFromJsonAsync<JsonElement>("/api/notifications/preferences");
        Assert.Equal("email", cleared.GetProperty("preferredChannel").GetString());
    }
}
