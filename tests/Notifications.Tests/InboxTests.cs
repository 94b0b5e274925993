using Municipal.Notifications.Application;
using Municipal.Notifications.Tests.Support;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Notifications.Tests;

/// <summary>The in-app inbox through its API: own entries only, unread first, paging, read marks, the count and the live stream.</summary>
public sealed class InboxTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    private async Task<JsonElement> PageAsync(HttpClient client, string query = "") =>
        await client.GetFromJsonAsync<JsonElement>($"/api/notifications/inbox{query}");

    private async Task SubmitAsync(string subject, int count)
    {
        var before = (await factory.InboxAsync(subject)).Count;
        for (var i = 0; i < count; i++)
        {
            await factory.PublishAsync(Events.Submitted(subject) with { Number = $"R2570-{i:D4}" });
        }

        await Probe.WaitAsync(async () => (await factory.InboxAsync(subject)).Count == before + count, "the inbox entries");
    }

    [Fact]
    public async Task The_submitter_finds_we_received_your_request_in_their_inbox_in_thai()
    {
        await SubmitAsync("inbox-a", 1);
        using var client = factory.ClientAs("inbox-a", "resident");
        var page = await PageAsync(client);
        var item = page.GetProperty("items").EnumerateArray().Single();
        Assert.Equal("request-submitted", item.GetProperty("kind").GetString());
        Assert.Contains("ได้รับคำร้อง", item.GetProperty("title").GetString());
        Assert.Contains("R2570-0000", item.GetProperty("title").GetString());
        Assert.Equal(1, page.GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task Unread_come_first_and_reading_one_lowers_the_count()
    {
        await SubmitAsync("inbox-b", 3);
        using var client = factory.ClientAs("inbox-b", "resident");
        var newest = (await PageAsync(client)).GetProperty("items")[0].GetProperty("id").GetGuid();

        using var read = await client.PostAsync($"/api/notifications/inbox/{newest}/read", null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var readAgain = await client.PostAsync($"/api/notifications/inbox/{newest}/read", null);
        Assert.Equal(HttpStatusCode.OK, readAgain.StatusCode);

        var page = await PageAsync(client);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("unread").GetInt32());
        Assert.Equal(newest, items[^1].GetProperty("id").GetGuid());
        Assert.All(items[..2], i => Assert.Equal(JsonValueKind.Null, i.GetProperty("readAt").ValueKind));
        var count = await client.GetFromJsonAsync<JsonElement>("/api/notifications/inbox/unread-count");
        Assert.Equal(2, count.GetProperty("unread").GetInt32());

        var second = await PageAsync(client, "?page=2&pageSize=2");
        Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.Equal(newest, second.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Each_person_sees_and_reads_only_their_own()
    {
        await SubmitAsync("inbox-c", 1);
        using var owner = factory.ClientAs("inbox-c", "resident");
        var id = (await PageAsync(owner)).GetProperty("items")[0].GetProperty("id").GetGuid();

        using var other = factory.ClientAs("inbox-d", "staff");
        Assert.Equal(0, (await PageAsync(other)).GetProperty("total").GetInt32());
        await ProblemAssert.IsProblemAsync(await other.PostAsync($"/api/notifications/inbox/{id}/read", null), HttpStatusCode.NotFound);
        Assert.Equal(1, (await PageAsync(owner)).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task A_request_goes_to_its_divisions_staff_inbox_which_only_that_divisions_staff_read()
    {
        var submitted = Events.Submitted("inbox-e", category: "tree", division: "public-health") with { Number = "R2570-TREE" };
        await factory.PublishAsync(submitted);
        using var publicHealth = factory.ClientWith(TestTokens.For("ph-staff", ["staff"], division: "public-health"));
        var page = await Eventually.GetAsync(async () =>
        {
            var p = await PageAsync(publicHealth, "?mailbox=division");
            return p.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("title").GetString()!.Contains("R2570-TREE")) ? (JsonElement?)p : null;
        }, what: "the division inbox entry");
        var item = page!.Value.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("title").GetString()!.Contains("R2570-TREE"));
        Assert.Equal("request-submitted-division", item.GetProperty("kind").GetString());
        Assert.Contains("กองสาธารณสุขและสิ่งแวดล้อม", item.GetProperty("body").GetString());

        using var publicWorks = factory.ClientWith(TestTokens.For("pw-staff", ["staff"], division: "public-works"));
        Assert.DoesNotContain((await PageAsync(publicWorks, "?mailbox=division")).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("title").GetString()!.Contains("R2570-TREE"));
        await ProblemAssert.IsProblemAsync(
            await publicWorks.PostAsync($"/api/notifications/inbox/{item.GetProperty("id").GetGuid()}/read", null), HttpStatusCode.NotFound);
        using var resident = factory.ClientAs("inbox-e", "resident");
        await ProblemAssert.IsProblemAsync(await resident.GetAsync("/api/notifications/inbox?mailbox=division"), NotificationsProblems.SharedInboxStaffOnly);
        using var staffWithoutDivision = factory.ClientAs("staff-x", "staff");
        await ProblemAssert.IsProblemAsync(await staffWithoutDivision.GetAsync("/api/notifications/inbox?mailbox=division"), NotificationsProblems.NoDivision);
    }

    [Fact]
    public async Task Reading_an_inbox_without_a_token_is_401()
    {
        using var client = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/notifications/inbox"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await client.GetAsync("/api/notifications/inbox/stream"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=1000")]
    [InlineData("page=abc")]
    [InlineData("mailbox=everyone")]
    public async Task Bad_paging_or_mailbox_is_400(string query)
    {
        using var client = factory.ClientAs("inbox-f", "resident");
        await ProblemAssert.IsProblemAsync(await client.GetAsync($"/api/notifications/inbox?{query}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_live_stream_sends_the_unread_count_then_each_new_entry()
    {
        await SubmitAsync("inbox-g", 1);
        using var client = factory.ClientAs("inbox-g", "resident");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync("/api/notifications/inbox/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var unread = await NextEventAsync(reader, "unread", timeout.Token);
        Assert.Equal(1, JsonDocument.Parse(unread.Data).RootElement.GetProperty("unread").GetInt32());

        await factory.PublishAsync(Events.Submitted("inbox-g") with { Number = "R2570-LIVE" });
        var notification = await NextEventAsync(reader, "notification", timeout.Token);
        var item = JsonDocument.Parse(notification.Data).RootElement;
        Assert.Contains("R2570-LIVE", item.GetProperty("title").GetString());
        Assert.Equal(item.GetProperty("id").GetGuid().ToString(), notification.Id);
        var count = await NextEventAsync(reader, "unread", timeout.Token);
        Assert.Equal(2, JsonDocument.Parse(count.Data).RootElement.GetProperty("unread").GetInt32());
    }

    private static async Task<(string Id, string Data)> NextEventAsync(StreamReader reader, string type, CancellationToken cancellationToken)
    {
        string? eventType = null, id = null, data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (eventType == type && data is not null)
                {
                    return (id ?? "", data);
                }

                eventType = id = data = null;
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventType = line["event: ".Length..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        throw new InvalidOperationException($"The stream ended before a '{type}' event.");
    }
}
