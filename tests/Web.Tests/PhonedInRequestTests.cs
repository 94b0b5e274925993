using Microsoft.Playwright;
using Municipal.Testing;
using static Microsoft.Playwright.Assertions;

namespace Municipal.Web.Tests;

/// <summary>
/// A request a resident phoned in: the question "was it fixed?" tells them to call, and the staff member who takes the
/// call writes their answer down on the request's page.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class PhonedInRequestTests(WebSystem system)
{
    [Fact]
    public async Task Staff_write_down_the_answer_a_resident_who_phoned_in_gives_on_the_phone()
    {
        var scenario = await Scenario.CreateAsync(system, communityIndex: 21);
        var created = await system.CallAsync(HttpMethod.Post, "/api/requests", Scenario.StaffToken, new
        {
            communityId = scenario.CommunityId, category = "lighting", title = "ไฟทางดับหน้าวัด", description = "ดับมาสามคืน",
            channel = "phone", submitter = new { name = "นางสมศรี โทรแจ้ง", phone = "0815550000" },
        });
        var id = created.GetProperty("id").GetGuid();
        foreach (var to in new[] { "triaged", "resolved" })
        {
            await system.CallAsync(HttpMethod.Post, $"/api/requests/{id}/transitions", Scenario.StaffToken, new { to });
        }

        var staff = await system.NewPageAsync();
        await Browser.SignInAsync(staff, "staff", "web-tests-phoned-answer", "เจ้าหน้าที่รับสาย");
        await Browser.OpenAsync(staff, $"/requests/{id}#feedback");
        await Expect(staff.GetByTestId("feedback-by-phone")).ToContainTextAsync("ให้บันทึกคำตอบของผู้แจ้งที่นี่");
        var form = staff.GetByTestId("feedback-form");
        await form.GetByLabel("แก้ไขแล้วจริง").CheckAsync();
        await form.GetByLabel("5", new() { Exact = true }).CheckAsync();
        await form.GetByLabel("ความเห็นของผู้แจ้ง (ไม่บังคับ)").FillAsync("สว่างดีแล้ว ขอบคุณค่ะ");
        await form.GetByRole(AriaRole.Button, new() { Name = "บันทึกคำตอบของผู้แจ้ง" }).ClickAsync();

        await Expect(staff.GetByTestId("feedback-given")).ToContainTextAsync("ผู้แจ้งยืนยันว่าแก้ไขแล้ว");
        await Expect(staff.GetByTestId("feedback-form")).ToHaveCountAsync(0);
        var feedback = (await system.CallAsync(HttpMethod.Get, $"/api/requests/{id}", Scenario.StaffToken)).GetProperty("feedback").GetProperty("given");
        Assert.Equal(("phone", 5), (feedback.GetProperty("channel").GetString(), feedback.GetProperty("rating").GetInt32()));
    }
}
