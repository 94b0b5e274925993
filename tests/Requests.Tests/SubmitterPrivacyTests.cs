using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Contracts;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

/// <summary>
/// Phoned-in and Open311 submitters: lists show nobody their phone, every read of it is logged like the registry's,
/// and staff erase such a submitter on their request, which reaches every service.
/// </summary>
public sealed class SubmitterPrivacyTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    private async Task<(Guid Community, JsonElement Created)> PhonedInAsync(HttpClient staff, string phone, string name = "นางสมศรี มีสุข")
    {
        var community = await factory.KnownCommunityAsync();
        var created = await RequestsFactory.SubmitAsync(staff, new
        {
            communityId = community, category = "lighting", title = "ไฟทางดับ", description = $"คุณผู้แจ้งโทรมา เบอร์ {phone}",
            channel = "phone", submitter = new { name, phone },
        });
        return (community, created);
    }

    private Task<int> ReadsAsync(Guid id) =>
        factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().ContactReads.CountAsync(r => r.RequestId == id));

    [Fact]
    public async Task Lists_show_no_phone_number_to_anyone_and_each_read_of_one_request_is_logged()
    {
        using var desk = factory.ClientAs("staff-desk-privacy", "staff");
        var (community, created) = await PhonedInAsync(desk, "081-777-1234");
        var id = created.GetProperty("id").GetGuid();
        using var mayor = factory.ClientAs("mayor-privacy", "executive");
        using var staff = factory.ClientAs("staff-privacy", "staff");

        foreach (var official in new[] { mayor, staff })
        {
            var list = await official.GetStringAsync($"/api/requests?community={community}");
            Assert.DoesNotContain("+66817771234", list);
            var listed = JsonDocument.Parse(list).RootElement.GetProperty("items")[0].GetProperty("submitter");
            Assert.Equal(JsonValueKind.Null, listed.GetProperty("phone").ValueKind);
        }

        Assert.Equal(0, await ReadsAsync(id)); // lists showed no contact, so none was read

        var one = await mayor.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal("+66817771234", one.GetProperty("submitter").GetProperty("phoneE164").GetString());
        await staff.GetStringAsync($"/api/requests/{id}");
        Assert.Equal(2, await ReadsAsync(id));

        using var admin = factory.ClientAs("admin-privacy", "admin");
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/access-log");
        Assert.Equal(["staff-privacy", "mayor-privacy"], log.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("accessorSubject").GetString()));
        Assert.Equal("executive", log.GetProperty("items")[1].GetProperty("accessorRoles").GetString());
        await ProblemAssert.IsProblemAsync(await staff.GetAsync($"/api/requests/{id}/access-log"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await admin.GetAsync($"/api/requests/{Guid.NewGuid()}/access-log"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Staff_erase_a_phoned_in_citizen_from_every_request_they_phoned_in_and_tell_the_other_services()
    {
        using var desk = factory.ClientAs("staff-desk-erase", "staff");
        var (_, first) = await PhonedInAsync(desk, "089-555-0101", "นายลบได้ ทดสอบ");
        var (_, second) = await PhonedInAsync(desk, "0895550101", "นายลบได้ ทดสอบ");
        var (_, someoneElse) = await PhonedInAsync(desk, "089-555-0202", "นางอยู่ต่อ ทดสอบ");
        var firstId = first.GetProperty("id").GetGuid();
        var secondId = second.GetProperty("id").GetGuid();
        // Staff wrote the number to call back into a status note and an internal note.
        using var triaged = await RequestsFactory.TransitionAsync(desk, firstId, new { to = "triaged", note = "โทรกลับ 089-555-0101 ช่วงเย็น" });
        Assert.Equal(HttpStatusCode.OK, triaged.StatusCode);
        using var noted = await desk.PostAsJsonAsync($"/api/requests/{firstId}/notes", new { text = "ผู้แจ้งขอให้โทร 0895550101 ก่อนเข้าพื้นที่" });
        Assert.Equal(HttpStatusCode.Created, noted.StatusCode);

        using var erased = await desk.DeleteAsync($"/api/requests/{firstId}/submitter");
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);

        foreach (var id in new[] { firstId, secondId })
        {
            var view = await desk.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
            var text = view.GetRawText();
            Assert.True(view.GetProperty("submitter").GetProperty("erased").GetBoolean());
            Assert.DoesNotContain("ลบได้", text);
            Assert.DoesNotContain("5550101", Masking.MaskingCase.DigitsOf(text));
            await factory.PublishedAsync<RequestSubmitterErased>(m => m.RequestId == id);
        }

        // The notes staff typed keep their sense, not the number.
        foreach (var path in new[] { $"/api/requests/{firstId}", $"/api/requests/{firstId}/history", $"/api/requests/{firstId}/notes" })
        {
            Assert.DoesNotContain("5550101", Masking.MaskingCase.DigitsOf(await desk.GetStringAsync(path)));
        }

        var stored = await factory.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<RequestsDbContext>();
            return (await db.Requests.Where(r => r.Id == firstId).Select(r => r.StatusNote).SingleAsync(),
                await db.History.Where(h => h.RequestId == firstId && h.Note != null).Select(h => h.Note!).ToListAsync(),
                await db.Notes.Where(n => n.RequestId == firstId).Select(n => n.Text).ToListAsync());
        });
        Assert.StartsWith("โทรกลับ", stored.Item1);
        Assert.All(stored.Item2.Concat(stored.Item3).Append(stored.Item1!), text => Assert.DoesNotContain("555", text));

        var kept = await desk.GetFromJsonAsync<JsonElement>($"/api/requests/{someoneElse.GetProperty("id").GetGuid()}");
        Assert.Equal("+66895550202", kept.GetProperty("submitter").GetProperty("phoneE164").GetString());
        // Nothing that carried the name or the phone stays in the outbox or the remembered answers.
        Assert.False(await factory.WithScopeAsync(s => s.GetRequiredService<RequestsDbContext>().OutboxMessages
            .AnyAsync(m => m.Payload.Contains(firstId.ToString()) && m.MessageType.EndsWith("RequestSubmitted"))));
        // Erasing again changes nothing.
        Assert.Equal(HttpStatusCode.NoContent, (await desk.DeleteAsync($"/api/requests/{secondId}/submitter")).StatusCode);
    }

    [Fact]
    public async Task A_submitter_with_an_account_is_erased_in_the_registry_and_only_staff_erase()
    {
        var community = await factory.KnownCommunityAsync();
        using var resident = factory.ClientAs("resident-with-account", "resident");
        var own = (await RequestsFactory.SubmitAsync(resident, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        using var desk = factory.ClientAs("staff-desk-registry", "staff");

        await ProblemAssert.IsProblemAsync(await desk.DeleteAsync($"/api/requests/{own}/submitter"), Municipal.Requests.Application.RequestsProblems.SubmitterInRegistry);
        await ProblemAssert.IsProblemAsync(await resident.DeleteAsync($"/api/requests/{own}/submitter"), HttpStatusCode.Forbidden);
        using var mayor = factory.ClientAs("mayor-erase", "executive");
        await ProblemAssert.IsProblemAsync(await mayor.DeleteAsync($"/api/requests/{own}/submitter"), HttpStatusCode.Forbidden);
    }
}
