using Microsoft.EntityFrameworkCore;
using Municipal.Notifications.Application;
using Municipal.Notifications.Sending;
using Municipal.Notifications.Tests.Support;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Municipal.Notifications.Tests;

/// <summary>The LINE webhook: signed calls only; a one-time code links a LINE user to a person; unfollow unlinks.</summary>
public sealed class LineWebhookTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    private static string Body(params object[] events) => JsonSerializer.Serialize(new { destination = "Uofficial", events });

    private static object Follow(string userId) => new { type = "follow", source = new { type = "user", userId }, timestamp = 1, webhookEventId = Guid.NewGuid().ToString() };

    private static object Text(string userId, string text) => new
    {
        type = "message", source = new { type = "user", userId }, message = new { type = "text", id = "1", text }, timestamp = 1,
    };

    private static object Unfollow(string userId) => new { type = "unfollow", source = new { type = "user", userId }, timestamp = 1 };

    private async Task<HttpResponseMessage> PostAsync(string body, string? signature)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/notifications/line/webhook")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.Add("X-Line-Signature", signature);
        }

        return await client.SendAsync(request);
    }

    private static string Sign(string body) => LineMessagingClient.Sign(Encoding.UTF8.GetBytes(body), NotificationsFactory.LineSecret);

    [Fact]
    public async Task A_call_without_a_valid_signature_is_401_and_changes_nothing()
    {
        var body = Body(Follow("Uattacker"));
        await ProblemAssert.IsProblemAsync(await PostAsync(body, null), NotificationsProblems.LineSignatureInvalid);
        await ProblemAssert.IsProblemAsync(await PostAsync(body, LineMessagingClient.Sign(Encoding.UTF8.GetBytes(body), "wrong-secret")), NotificationsProblems.LineSignatureInvalid);
        await ProblemAssert.IsProblemAsync(await PostAsync(Body(Unfollow("Ux")), Sign(body)), NotificationsProblems.LineSignatureInvalid);
    }

    [Fact]
    public async Task Control_characters_in_what_a_line_user_typed_do_not_make_the_webhook_refuse_the_call()
    {
        // Services refuse control characters in their own input; LINE's payload is not ours to refuse.
        var body = Body(Text("U-bell", "hello\u0007\u0000"), Follow("U-bell"));
        Assert.Contains("\\u0007", body);

        using var response = await PostAsync(body, Sign(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task A_signed_body_that_is_not_json_is_400()
    {
        const string body = "{ not json";
        await ProblemAssert.IsProblemAsync(await PostAsync(body, Sign(body)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Sending_the_one_time_code_links_the_line_user_and_says_so_once()
    {
        using var person = factory.ClientAs("line-a", "resident");
        using var issued = await person.PostAsync("/api/notifications/preferences/line-link", null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var code = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        var lineUser = "U" + Guid.NewGuid().ToString("N");

        var body = Body(Follow(lineUser), Text(lineUser, $"รหัส {code.ToLowerInvariant()}"));
        using var response = await PostAsync(body, Sign(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("linked").GetInt32());

        var preferences = await person.GetFromJsonAsync<JsonElement>("/api/notifications/preferences");
        Assert.True(preferences.GetProperty("lineLinked").GetBoolean());
        await Probe.WaitAsync(() => Task.FromResult(factory.Line!.Requests.Any(r => r.Body.Contains(lineUser, StringComparison.Ordinal))),
            "the confirmation on LINE");
        await Probe.WaitAsync(async () => (await factory.InboxAsync("line-a")).Any(i => i.Kind == "line-linked"), "the confirmation in the inbox");

        // The code worked once: sent again (or by someone else) it links nobody.
        var again = Body(Text("U" + Guid.NewGuid().ToString("N"), code));
        using var reused = await PostAsync(again, Sign(again));
        Assert.Equal(0, (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("linked").GetInt32());

        // Choosing LINE is possible now; unfollowing unlinks.
        using var chosen = await person.PutAsJsonAsync("/api/notifications/preferences", new { preferredChannel = "line" });
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        var unfollow = Body(Unfollow(lineUser));
        using var unfollowed = await PostAsync(unfollow, Sign(unfollow));
        Assert.Equal(1, (await unfollowed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unlinked").GetInt32());
        Assert.False(await factory.DbAsync(db => db.Preferences.AnyAsync(p => p.LinkedLineUserId == lineUser)));
    }

    [Fact]
    public async Task Unfollowing_forgets_the_reporter_and_what_waits_for_them_on_line()
    {
        var lineUser = $"U{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow;
        var reporter = Municipal.Notifications.Domain.Line.LineReporter.Consent(lineUser, now.AddDays(-3));
        var waiting = Municipal.Notifications.Domain.Line.LineOutgoing.Push(lineUser, "[{\"text\":\"เรื่องของท่านแก้ไขแล้ว\"}]", now, now.AddHours(9));
        await factory.DbAsync(async db =>
        {
            db.LineReporters.Add(reporter);
            db.LineOutgoing.Add(waiting);
            return await db.SaveChangesAsync();
        });

        var unfollow = Body(Unfollow(lineUser));
        using var unfollowed = await PostAsync(unfollow, Sign(unfollow));
        Assert.Equal(HttpStatusCode.OK, unfollowed.StatusCode);

        // The link between the alias their reports carry and their LINE account is gone, with what waited to be pushed.
        Assert.False(await factory.DbAsync(db => db.LineReporters.AnyAsync(r => r.LineUserId == lineUser || r.Subject == reporter.Subject)));
        Assert.False(await factory.DbAsync(db => db.LineOutgoing.AnyAsync(o => o.LineUserId == lineUser)));
    }
}
