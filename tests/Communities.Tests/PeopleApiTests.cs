using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Communities.Tests;

public sealed class PeopleApiTests(CommunitiesFactory factory) : IClassFixture<CommunitiesFactory>
{
    private const string LineId = "U0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task Staff_register_a_person_in_the_agreed_shape_and_it_is_announced_with_the_contact_details()
    {
        using var staff = factory.Staff();
        using var response = await staff.PostAsJsonAsync("/api/communities/people", new
        {
            title = "นางสาว",
            firstNameTh = "สมหญิง",
            lastNameTh = "รักชุมชน",
            nameEn = "Somying Rakchumchon",
            phone = "081 234 5678",
            email = "somying@example.com",
            lineUserId = LineId,
            preferredChannel = "line",
            language = "en",
            subject = "somying-account",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/communities/people/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("นางสาวสมหญิง รักชุมชน", body.GetProperty("name").GetString());
        Assert.Equal("081-234-5678", body.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal("line", body.GetProperty("preferredChannel").GetString());

        var message = await factory.OneAsync<PersonRegistered>(m => m.PersonId == id);
        Assert.Equal("somying-account", message.Subject);
        Assert.Equal("สมหญิง", message.FirstNameTh);
        Assert.Equal("+66812345678", message.Contact.PhoneE164);
        Assert.Equal(LineId, message.Contact.LineUserId);
        Assert.Equal("line", message.Contact.PreferredChannel);
        Assert.Equal("en", message.Contact.Language);
    }

    [Fact]
    public async Task A_bad_person_is_400_naming_every_bad_field_and_nothing_is_stored()
    {
        using var staff = factory.Staff();
        using var response = await staff.PostAsJsonAsync("/api/communities/people", new
        {
            firstNameTh = "",
            lastNameTh = "ไม่มีชื่อ",
            phone = "02-123",
            email = "nobody",
            preferredChannel = "pigeon",
        });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(["firstNameTh", "phone", "email", "preferredChannel"], fields);
        Assert.False(await factory.InDbAsync(db => db.People.AnyAsync(p => p.LastNameTh == "ไม่มีชื่อ")));
    }

    [Fact]
    public async Task A_sign_in_subject_belongs_to_one_person_only()
    {
        await factory.NewPersonAsync(subject: "shared-account");
        using var staff = factory.Staff();
        using var second = await staff.PostAsJsonAsync("/api/communities/people", new { firstNameTh = "ก", lastNameTh = "ข", subject = "shared-account" });
        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("community-leader", HttpStatusCode.Forbidden)]
    [InlineData("executive", HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Only_staff_and_admins_register_people(string? role, HttpStatusCode expected)
    {
        using var client = role is null ? factory.CreateClient() : factory.ClientAs("someone", role);
        using var response = await client.PostAsJsonAsync("/api/communities/people", new { firstNameTh = "ก", lastNameTh = "ข" });
        await ProblemAssert.IsProblemAsync(response, expected);
    }

    [Fact]
    public async Task Staff_read_contact_details_and_the_read_is_logged_with_who_when_and_whose()
    {
        var person = await factory.NewPersonAsync(phone: "0861112222", email: "read-me@example.com");
        var id = person.GetProperty("id").GetGuid();

        using var staff = factory.Staff("staff-reader");
        var read = await staff.GetFromJsonAsync<JsonElement>($"/api/communities/people/{id}");
        Assert.Equal("read-me@example.com", read.GetProperty("contact").GetProperty("email").GetString());

        var entry = Assert.Single(await factory.InDbAsync(db => db.AccessLog.Where(e => e.PersonId == id).ToListAsync()));
        Assert.Equal("staff-reader", entry.AccessorSubject);
        Assert.Equal("staff", entry.AccessorRoles);
        Assert.Equal("person", entry.Purpose);
        Assert.True(DateTimeOffset.UtcNow - entry.At < TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task A_person_reads_their_own_record_and_me_without_a_log_entry()
    {
        var person = await factory.NewPersonAsync(subject: "reads-self", phone: "0862223333");
        var id = person.GetProperty("id").GetGuid();

        using var self = factory.ClientAs("reads-self", "resident");
        var read = await self.GetFromJsonAsync<JsonElement>($"/api/communities/people/{id}");
        Assert.Equal("086-222-3333", read.GetProperty("contact").GetProperty("phone").GetString());
        var me = await self.GetFromJsonAsync<JsonElement>("/api/communities/people/me");
        Assert.Equal(id, me.GetProperty("id").GetGuid());

        Assert.Equal(0, await factory.InDbAsync(db => db.AccessLog.CountAsync(e => e.PersonId == id)));

        using var stranger = factory.ClientAs("has-no-person", "resident");
        using var none = await stranger.GetAsync("/api/communities/people/me");
        await ProblemAssert.IsProblemAsync(none, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_leader_reads_the_people_of_their_own_community_and_gets_403_on_another_communitys()
    {
        var a = await factory.CommunityIdAsync("KPP-12");
        var b = await factory.CommunityIdAsync("KPP-13");
        var ofA = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        var ofB = (await factory.NewPersonAsync(phone: "0873334444")).GetProperty("id").GetGuid();
        await factory.AssignedAsync(ofA, "vice-president", a);
        await factory.AssignedAsync(ofB, "vice-president", b);

        using var leaderOfA = await factory.ConfirmedLeaderAsync(a, "leader-of-12");
        using var own = await leaderOfA.GetAsync($"/api/communities/people/{ofA}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);

        using var others = await leaderOfA.GetAsync($"/api/communities/people/{ofB}");
        var problem = await ProblemAssert.IsProblemAsync(others, HttpStatusCode.Forbidden);
        Assert.DoesNotContain("087-333-4444", problem.GetRawText());
        Assert.DoesNotContain("+66873334444", problem.GetRawText());

        Assert.Equal(1, await factory.InDbAsync(db => db.AccessLog.CountAsync(e => e.PersonId == ofA && e.AccessorSubject == "leader-of-12")));
        Assert.Equal(0, await factory.InDbAsync(db => db.AccessLog.CountAsync(e => e.PersonId == ofB)));
    }

    [Fact]
    public async Task Residents_are_403_and_anonymous_callers_401_on_a_person()
    {
        var id = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        using var resident = factory.ClientAs("resident-x", "resident");
        await ProblemAssert.IsProblemAsync(await resident.GetAsync($"/api/communities/people/{id}"), HttpStatusCode.Forbidden);
        using var anonymous = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync($"/api/communities/people/{id}"), HttpStatusCode.Unauthorized);
        using var staff = factory.Staff();
        await ProblemAssert.IsProblemAsync(await staff.GetAsync($"/api/communities/people/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_people_list_is_for_officials_shows_no_contact_details_and_searches_names()
    {
        var person = await factory.NewPersonAsync(first: "ประยูร", last: "ค้นหาได้", email: "list@example.com");
        using var mayor = factory.ClientAs("mayor-2", "executive");
        var page = await mayor.GetFromJsonAsync<JsonElement>("/api/communities/people?q=" + Uri.EscapeDataString("ค้นหาได้"));
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(person.GetProperty("id").GetGuid(), item.GetProperty("id").GetGuid());
        Assert.False(item.TryGetProperty("contact", out _));

        using var leader = factory.ClientAsLeaderOf(Guid.NewGuid());
        await ProblemAssert.IsProblemAsync(await leader.GetAsync("/api/communities/people"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_people_list_filters_by_community_and_by_subject()
    {
        var community = await factory.CommunityIdAsync("KPP-16");
        var member = (await factory.NewPersonAsync(subject: "listed-member")).GetProperty("id").GetGuid();
        var former = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        await factory.AssignedAsync(member, "committee-member", community);
        await factory.AssignedAsync(former, "committee-member", community, startDate: "2010-01-01", endDate: "2014-12-31");

        using var staff = factory.Staff();
        var byCommunity = await staff.GetFromJsonAsync<JsonElement>($"/api/communities/people?communityId={community}");
        Assert.Equal([member], byCommunity.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        var bySubject = await staff.GetFromJsonAsync<JsonElement>("/api/communities/people?subject=listed-member");
        Assert.Equal(member, Assert.Single(bySubject.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Staff_change_a_person_with_if_match_and_the_whole_new_state_is_announced()
    {
        var person = await factory.NewPersonAsync(subject: "to-change", email: "old@example.com");
        var id = person.GetProperty("id").GetGuid();
        using var staff = factory.Staff();
        var (_, etag) = await staff.GetWithETagAsync($"/api/communities/people/{id}");
        var body = new
        {
            title = "นาย",
            firstNameTh = person.GetProperty("firstNameTh").GetString(),
            lastNameTh = person.GetProperty("lastNameTh").GetString(),
            phone = "0899998888",
            email = "new@example.com",
            preferredChannel = "email",
            language = "th",
            subject = "to-change",
        };

        await ProblemAssert.IsProblemAsync(await staff.SendAsync(TestApi.Put($"/api/communities/people/{id}", body, null)), (HttpStatusCode)428);
        using var changed = await staff.SendAsync(TestApi.Put($"/api/communities/people/{id}", body, etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await ProblemAssert.IsProblemAsync(await staff.SendAsync(TestApi.Put($"/api/communities/people/{id}", body, etag)), HttpStatusCode.PreconditionFailed);

        var message = Assert.Single(await factory.EventsAsync<PersonContactChanged>(id));
        Assert.Equal("to-change", message.GetProperty("subject").GetString());
        Assert.Equal(person.GetProperty("lastNameTh").GetString(), message.GetProperty("lastNameTh").GetString());
        var contact = message.GetProperty("contact");
        Assert.Equal("+66899998888", contact.GetProperty("phoneE164").GetString());
        Assert.Equal("new@example.com", contact.GetProperty("email").GetString());
        Assert.Equal("email", contact.GetProperty("preferredChannel").GetString());
        Assert.Equal("th", contact.GetProperty("language").GetString());
    }

    [Fact]
    public async Task A_leader_changes_their_own_contact_and_preferences_but_not_their_names_nor_anybody_elses_details()
    {
        var community = await factory.CommunityIdAsync("KPP-14");
        var person = await factory.NewPersonAsync(subject: "leader-14");
        var id = person.GetProperty("id").GetGuid();
        await factory.AssignedAsync(id, "president", community);
        var colleague = (await factory.NewPersonAsync()).GetProperty("id").GetGuid();
        await factory.AssignedAsync(colleague, "secretary", community);

        using var leader = factory.ClientAsLeaderOf(community, "leader-14");
        var (me, etag) = await leader.GetWithETagAsync($"/api/communities/people/{id}");
        object Body(string lastName) => new
        {
            title = me.GetProperty("title").GetString(),
            firstNameTh = me.GetProperty("firstNameTh").GetString(),
            lastNameTh = lastName,
            phone = "0655554444",
            preferredChannel = "in-app",
            language = "en",
            subject = "leader-14",
        };

        using var renamed = await leader.SendAsync(TestApi.Put($"/api/communities/people/{id}", Body("ชื่อใหม่"), etag));
        await ProblemAssert.IsProblemAsync(renamed, HttpStatusCode.Forbidden);

        // A LINE account is linked with the link code: a person cannot type one in for themself (staff can).
        using var ownLine = await leader.SendAsync(TestApi.Put($"/api/communities/people/{id}",
            new { title = me.GetProperty("title").GetString(), firstNameTh = me.GetProperty("firstNameTh").GetString(),
                lastNameTh = me.GetProperty("lastNameTh").GetString(), lineUserId = LineId, subject = "leader-14" }, etag));
        var lineRefused = await ProblemAssert.IsProblemAsync(ownLine, HttpStatusCode.Forbidden);
        Assert.DoesNotContain("lineUserId", lineRefused.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.Null(await factory.InDbAsync(db => db.People.Where(p => p.Id == id).Select(p => p.LineUserId).SingleAsync()));

        using var ok = await leader.SendAsync(TestApi.Put($"/api/communities/people/{id}", Body(me.GetProperty("lastNameTh").GetString()!), etag));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var after = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("065-555-4444", after.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal("in-app", after.GetProperty("preferredChannel").GetString());

        var (_, colleagueTag) = await leader.GetWithETagAsync($"/api/communities/people/{colleague}");
        using var notMine = await leader.SendAsync(TestApi.Put($"/api/communities/people/{colleague}",
            new { firstNameTh = "ก", lastNameTh = "ข", phone = "0655554444" }, colleagueTag));
        await ProblemAssert.IsProblemAsync(notMine, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Erasure_removes_names_and_contact_details_keeps_the_terms_as_history_and_is_announced_once()
    {
        var community = await factory.CommunityIdAsync("KPP-15");
        var person = await factory.NewPersonAsync(subject: "to-erase", email: "erase-me@example.com", lineUserId: LineId);
        var id = person.GetProperty("id").GetGuid();
        var office = await factory.AssignedAsync(id, "president", community);

        using var staff = factory.Staff();
        using var erased = await staff.DeleteAsync($"/api/communities/people/{id}");
        Assert.Equal(HttpStatusCode.NoContent, erased.StatusCode);
        using var again = await staff.DeleteAsync($"/api/communities/people/{id}");
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);

        var announced = Assert.Single(await factory.EventsAsync<PersonErased>(id));
        Assert.Equal("to-erase", announced.GetProperty("subject").GetString());

        var stored = await factory.InDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal("", stored.FirstNameTh + stored.LastNameTh);
        Assert.Null(stored.Email);
        Assert.Null(stored.PhoneE164);
        Assert.Null(stored.LineUserId);
        Assert.Null(stored.Subject);

        var raw = await staff.GetStringAsync($"/api/communities/people/{id}");
        var view = JsonDocument.Parse(raw).RootElement;
        Assert.True(view.GetProperty("erased").GetBoolean());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("contact").ValueKind);
        Assert.Equal(office.GetProperty("id").GetGuid(), Assert.Single(view.GetProperty("offices").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.DoesNotContain(person.GetProperty("lastNameTh").GetString()!, raw);

        using var anonymous = factory.CreateClient();
        var holder = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/communities/{community}")).GetProperty("currentOffices")[0];
        Assert.True(holder.GetProperty("holderErased").GetBoolean());
        Assert.Equal(JsonValueKind.Null, holder.GetProperty("holderName").ValueKind);

        using var formerSelf = factory.ClientAs("to-erase", "resident");
        await ProblemAssert.IsProblemAsync(await formerSelf.GetAsync($"/api/communities/people/{id}"), HttpStatusCode.NotFound);
        var (_, etag) = await staff.GetWithETagAsync($"/api/communities/people/{id}");
        await ProblemAssert.IsProblemAsync(
            await staff.SendAsync(TestApi.Put($"/api/communities/people/{id}", new { firstNameTh = "ก", lastNameTh = "ข" }, etag)), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_staff_and_admins_erase_people()
    {
        var id = (await factory.NewPersonAsync(subject: "not-erased")).GetProperty("id").GetGuid();
        using var mayor = factory.ClientAs("mayor-3", "executive");
        await ProblemAssert.IsProblemAsync(await mayor.DeleteAsync($"/api/communities/people/{id}"), HttpStatusCode.Forbidden);
        using var self = factory.ClientAs("not-erased", "resident");
        await ProblemAssert.IsProblemAsync(await self.DeleteAsync($"/api/communities/people/{id}"), HttpStatusCode.Forbidden);
        Assert.Empty(await factory.EventsAsync<PersonErased>(id));
    }

    [Fact]
    public async Task The_access_log_is_shown_to_admins_and_to_the_person_and_to_nobody_else()
    {
        var id = (await factory.NewPersonAsync(subject: "audited")).GetProperty("id").GetGuid();
        using var staff = factory.Staff("staff-auditee");
        await staff.GetAsync($"/api/communities/people/{id}");

        using var admin = factory.Admin();
        var log = await admin.GetFromJsonAsync<JsonElement>($"/api/communities/people/{id}/access-log");
        Assert.Equal("staff-auditee", Assert.Single(log.GetProperty("items").EnumerateArray()).GetProperty("accessorSubject").GetString());

        using var self = factory.ClientAs("audited", "resident");
        Assert.Equal(1, (await self.GetFromJsonAsync<JsonElement>($"/api/communities/people/{id}/access-log")).GetProperty("total").GetInt32());

        await ProblemAssert.IsProblemAsync(await staff.GetAsync($"/api/communities/people/{id}/access-log"), HttpStatusCode.Forbidden);
    }
}
