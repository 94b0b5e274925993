using Microsoft.EntityFrameworkCore;
using Municipal.Notifications.Domain.Line;
using Municipal.Testing;
using System.Text.Json.Nodes;

namespace Municipal.Notifications.Tests;

/// <summary>Two webhook calls of one user that meet on the conversation (as they do on SQL Server).</summary>
public sealed class LineChatRaceTests(RacingLineChatFactory factory) : IClassFixture<RacingLineChatFactory>
{
    private FakeLinePlatform Line => factory.Line;

    private async Task<FakeLinePlatform.BotMessage> SayAsync(string user, JsonObject e, Func<FakeLinePlatform.BotMessage, bool> expect, string what)
    {
        var before = Line.MessagesTo(user).Count;
        await factory.SendAsync(e);
        return await Line.NextAsync(user, expect, before, what: what);
    }

    [Fact]
    public async Task An_event_whose_conversation_another_call_changed_meanwhile_is_applied_on_top_of_that_change_not_refused()
    {
        var user = FakeLinePlatform.NewUserId();
        var notice = await SayAsync(user, Line.Text(user, "แจ้งปัญหา"), m => m.Text.Contains("ข้อมูลส่วนบุคคล"), "the PDPA notice");
        await SayAsync(user, Line.Postback(user, notice.PostbackOf("ยอมรับและแจ้งต่อ")!), m => m.Text.Contains("เรื่องใด"), "the categories");
        await SayAsync(user, Line.Postback(user, "category=road"), m => m.Text.Contains("ส่งรูป"), "the photo step");
        var first = Line.AddContent([0xFF, 0xD8, 0xFF, 0xD9]);
        await SayAsync(user, Line.Image(user, first), m => m.Text.Contains("ได้รับรูปที่ 1"), "the first photo");
        var other = Line.AddContent([0xFF, 0xD8, 0x01, 0xFF, 0xD9]);
        var third = Line.AddContent([0xFF, 0xD8, 0x02, 0xFF, 0xD9]);
        factory.Race.Before(user, other);

        // Was a 500 (the save met the other call's version) and the photo was lost: LINE does not send it again.
        var answer = await SayAsync(user, Line.Image(user, third), m => m.Text.Contains("ได้รับรูปครบ 3 รูป"), "the answer to the third photo");

        Assert.Contains("ส่งตำแหน่ง", answer.Labels);
        var conversation = await factory.DbAsync(db => db.LineConversations.SingleAsync(c => c.LineUserId == user));
        Assert.Equal([first, other, third], conversation.Photos);
        Assert.Equal(ChatStep.Location, conversation.Step);
    }
}
