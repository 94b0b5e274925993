using Municipal.Communities.Application;
using Municipal.Contracts;
using Municipal.ServiceDefaults.Problems;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Communities.Tests;

/// <summary>
/// A leader links their sign-in account to their record with no clerk: the phone the registry holds gets a code, and
/// the code typed back links them (the subject then reaches every service in PersonContactChanged). Where the code
/// cannot reach them, a clerk finds the account's request by name and links it.
/// </summary>
public sealed class AccountClaimTests(CommunitiesFactory factory) : IClassFixture<CommunitiesFactory>
{
    private static string NewMobile() => "08" + Random.Shared.Next(10_000_000, 99_999_999);

    [Fact]
    public async Task A_code_sent_to_the_registrys_phone_links_the_account_and_the_subject_is_announced()
    {
        var mobile = NewMobile();
        var person = await factory.NewPersonAsync(phone: mobile);
        var id = person.GetProperty("id").GetGuid();
        using var leader = factory.ClientAs("claiming-leader", "community-leader");

        using var asked = await leader.PostAsJsonAsync("/api/communities/people/me/claim", new { phone = mobile[..3] + "-" + mobile[3..6] + "-" + mobile[6..] });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        var sent = await factory.OneAsync<AccountClaimCodeIssued>(m => m.PersonId == id);
        Assert.Matches("^[0-9]{6}$", sent.Code);

        var wrong = sent.Code == "000000" ? "111111" : "000000";
        using var typo = await leader.PostAsJsonAsync("/api/communities/people/me/claim/confirm", new { code = wrong });
        var refused = await ProblemAssert.IsProblemAsync(typo, CommunitiesProblems.ClaimCodeWrong);
        Assert.Equal(4, refused.GetProperty("attemptsLeft").GetInt32());

        using var confirmed = await leader.PostAsJsonAsync("/api/communities/people/me/claim/confirm", new { code = sent.Code[..3] + " " + sent.Code[3..] });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(id, (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("personId").GetGuid());
        var changed = await factory.OneAsync<PersonContactChanged>(m => m.PersonId == id && m.Subject == "claiming-leader");
        Assert.Equal(person.GetProperty("firstNameTh").GetString(), changed.FirstNameTh);

        var me = await leader.GetFromJsonAsync<JsonElement>("/api/communities/people/me");
        Assert.Equal(id, me.GetProperty("id").GetGuid());
        using var again = await leader.PostAsJsonAsync("/api/communities/people/me/claim", new { phone = mobile });
        await ProblemAssert.IsProblemAsync(again, CommunitiesProblems.AlreadyLinked);
    }

    [Fact]
    public async Task A_phone_the_registry_does_not_hold_gets_the_same_answer_and_no_code_goes_anywhere()
    {
        using var stranger = factory.ClientAs("claiming-stranger", "resident");
        using var asked = await stranger.PostAsJsonAsync("/api/communities/people/me/claim", new { phone = NewMobile() });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Equal(6, (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("codeLength").GetInt32());
        var rows = await factory.InDbAsync(db => Task.FromResult(db.AccountClaims.Where(c => c.Subject == "claiming-stranger").ToList()));
        Assert.Null(Assert.Single(rows).PersonId);
        Assert.Empty(await factory.InDbAsync(db => Task.FromResult(db.OutboxMessages.Where(m => m.MessageType == typeof(AccountClaimCodeIssued).FullName && m.Payload.Contains(rows[0].Id.ToString())).ToList())));

        using var noCode = await stranger.PostAsJsonAsync("/api/communities/people/me/claim/confirm", new { code = "123456" });
        await ProblemAssert.IsProblemAsync(noCode, CommunitiesProblems.NoPendingClaim);
        using var badPhone = await stranger.PostAsJsonAsync("/api/communities/people/me/claim", new { phone = "12345" });
        var format = await ProblemAssert.IsFieldErrorAsync(badPhone, "phone", FieldErrorCodes.Format);
        Assert.Equal(FieldFormats.ThaiPhone, format.GetProperty("format").GetString());
    }

    [Fact]
    public async Task A_clerk_finds_the_account_that_asked_by_its_name_and_links_it_to_the_person()
    {
        var person = await factory.NewPersonAsync(phone: null);
        var id = person.GetProperty("id").GetGuid();
        using var leader = factory.ClientWith(TestTokens.For("clerk-linked-leader", ["community-leader"], name: "ประยูร ขอเชื่อม"));
        using var asked = await leader.PostAsJsonAsync("/api/communities/people/me/claim", new { phone = NewMobile() });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);

        using var staff = factory.Staff();
        var found = await staff.GetFromJsonAsync<JsonElement>("/api/communities/account-requests?q=" + Uri.EscapeDataString("ขอเชื่อม"));
        var request = Assert.Single(found.GetProperty("items").EnumerateArray());
        Assert.Equal("clerk-linked-leader", request.GetProperty("subject").GetString());
        Assert.Equal("ประยูร ขอเชื่อม", request.GetProperty("name").GetString());
        Assert.False(request.GetProperty("phoneMatched").GetBoolean());

        using var linked = await staff.PostAsJsonAsync($"/api/communities/people/{id}/account", new { subject = "clerk-linked-leader" });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        await factory.OneAsync<PersonContactChanged>(m => m.PersonId == id && m.Subject == "clerk-linked-leader");
        var after = await staff.GetFromJsonAsync<JsonElement>("/api/communities/account-requests?q=" + Uri.EscapeDataString("ขอเชื่อม"));
        Assert.Empty(after.GetProperty("items").EnumerateArray());

        var other = await factory.NewPersonAsync(phone: null);
        using var taken = await staff.PostAsJsonAsync($"/api/communities/people/{other.GetProperty("id").GetGuid()}/account", new { subject = "clerk-linked-leader" });
        await ProblemAssert.IsProblemAsync(taken, CommunitiesProblems.SubjectTaken);

        // Erasing the person takes the request their account made (it holds the account's name) with them.
        Assert.Equal(HttpStatusCode.NoContent, (await staff.DeleteAsync($"/api/communities/people/{id}")).StatusCode);
        Assert.False(await factory.InDbAsync(db => Task.FromResult(db.AccountClaims.Any(c => c.Subject == "clerk-linked-leader"))));
    }

    [Fact]
    public async Task Reads_refuse_a_Buddhist_Era_date_and_validation_problems_carry_codes()
    {
        using var anyone = factory.CreateClient();
        using var asOf = await anyone.GetAsync("/api/communities/offices?asOf=2567-06-01");
        var date = await ProblemAssert.IsFieldErrorAsync(asOf, "asOf", FieldErrorCodes.WrongCalendar);
        Assert.Equal(FieldCalendars.CommonEra, date.GetProperty("expected").GetString());
        Assert.Equal(2024, date.GetProperty("suggested").GetInt32());

        using var staff = factory.Staff();
        using var bad = await staff.PostAsJsonAsync("/api/communities/people", new { firstNameTh = "", lastNameTh = "ทดสอบ", email = "not-an-email" });
        await ProblemAssert.IsFieldErrorAsync(bad, "firstNameTh", FieldErrorCodes.Required);
        var problem = await ProblemAssert.IsProblemAsync(await staff.PostAsJsonAsync("/api/communities/people", new { firstNameTh = "ก", lastNameTh = "ข", email = "x" }),
            ProblemTypes.Validation);
        Assert.Equal(FieldFormats.Email, ProblemAssert.FieldCodes(problem, "email")[0].GetProperty("format").GetString());
    }
}
