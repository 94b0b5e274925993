using MassTransit;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Scheduling.Domain;
using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Scheduling.Tests;

/// <summary>The local copy of the registry, fed by its events on the harness, and what it drives: invitations and erasure.</summary>
public sealed class RegistryCopyTests(SchedulingFactory factory) : IClassFixture<SchedulingFactory>
{
    private static readonly DateOnly LongAgo = new(2018, 1, 1);

    [Fact]
    public async Task Invitations_go_to_current_holders_of_the_target_offices_once_each()
    {
        var community = Guid.NewGuid();
        await factory.DeliverAsync(new CommunityRegistered { CommunityId = community, Code = "C01", NameTh = "ชุมชนวัดคูยาง", Status = "active", OccurredAt = DateTimeOffset.UtcNow });
        var president = Guid.NewGuid();
        var councillor = Guid.NewGuid();
        var formerPresident = Guid.NewGuid();
        var treasurer = Guid.NewGuid();
        foreach (var (id, subject) in new[] { (president, "inv-p"), (councillor, "inv-c"), (formerPresident, "inv-f"), (treasurer, "inv-t") })
        {
            await factory.DeliverAsync(SchedulingFactory.Person(id, subject));
        }

        await factory.DeliverAsync(SchedulingFactory.Office(president, "president", community, LongAgo));
        await factory.DeliverAsync(SchedulingFactory.Office(councillor, "council-member", null, LongAgo));
        await factory.DeliverAsync(SchedulingFactory.Office(formerPresident, "president", community, new DateOnly(2010, 1, 1), new DateOnly(2017, 12, 31)));
        await factory.DeliverAsync(SchedulingFactory.Office(treasurer, "treasurer", community, LongAgo));

        var start = DateTimeOffset.UtcNow.AddDays(20);
        var programme = await factory.NewProgrammeAsync(start, "president", "council-member");
        var session = await factory.NewSessionAsync(10, start, programme: programme);
        using var staff = factory.Staff();
        using var first = await staff.PostAsync($"/api/scheduling/sessions/{session.Id()}/invitations", null);
        var round = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(first.StatusCode == HttpStatusCode.OK, round.ToString());
        Assert.Equal(2, round.Int("issued"));

        var invited = await factory.InDbAsync(db => db.Invitations.Where(i => i.SessionId == session.Id()).Select(i => i.PersonId).ToListAsync());
        Assert.Equal(new[] { president, councillor }.Order(), invited.Order());
        await factory.PublishedAsync<InvitationIssued>(m => m.PersonId == president && m.Session.SessionId == session.Id());
        await factory.PublishedAsync<InvitationIssued>(m => m.PersonId == councillor && m.Session.SessionId == session.Id());

        // A new president takes office; inviting again reaches only them.
        var newcomer = Guid.NewGuid();
        await factory.DeliverAsync(SchedulingFactory.Person(newcomer, "inv-n"));
        await factory.DeliverAsync(SchedulingFactory.Office(newcomer, "president", Guid.NewGuid(), LongAgo));
        using var second = await staff.PostAsync($"/api/scheduling/sessions/{session.Id()}/invitations", null);
        var again = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, again.Int("issued"));
        Assert.Equal(3, again.Int("total"));

        var list = await staff.GetFromJsonAsync<JsonElement>($"/api/scheduling/sessions/{session.Id()}/invitations");
        Assert.Equal(3, list.Int("total"));
        Assert.Contains(list.GetProperty("items").EnumerateArray(), i => i.Str("name") == "นายสมชาย ใจดี");

        using var unknownRole = await staff.PostAsJsonAsync($"/api/scheduling/sessions/{session.Id()}/invitations", new { roles = new[] { "emperor" } });
        await ProblemAssert.IsProblemAsync(unknownRole, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_ended_office_is_no_longer_a_target_even_when_the_end_arrives_before_the_assignment()
    {
        var person = Guid.NewGuid();
        await factory.DeliverAsync(SchedulingFactory.Person(person, "ended-first"));
        var office = SchedulingFactory.Office(person, "council-member", null, LongAgo);
        await factory.DeliverAsync(new OfficeEnded
        {
            OfficeId = office.OfficeId, PersonId = person, Role = office.Role, EndDate = new DateOnly(2019, 6, 30),
            OccurredAt = office.OccurredAt.AddMinutes(5),
        });
        await factory.DeliverAsync(office);

        var stored = await factory.InDbAsync(db => db.Offices.SingleAsync(o => o.Id == office.OfficeId));
        Assert.Equal(LongAgo, stored.StartDate);
        Assert.Equal(new DateOnly(2019, 6, 30), stored.EndDate);
    }

    [Fact]
    public async Task A_later_contact_change_updates_the_name_and_subject_and_an_older_one_is_ignored()
    {
        var person = Guid.NewGuid();
        var registered = SchedulingFactory.Person(person, "old-subject");
        await factory.DeliverAsync(registered);
        await factory.DeliverAsync(new PersonContactChanged
        {
            PersonId = person, Subject = "new-subject", FirstNameTh = "สมหญิง", LastNameTh = "รักชุมชน",
            Contact = registered.Contact, OccurredAt = registered.OccurredAt.AddMinutes(10),
        });
        await factory.DeliverAsync(new PersonContactChanged
        {
            PersonId = person, Subject = "stale-subject", FirstNameTh = "เก่า", LastNameTh = "เก่า",
            Contact = registered.Contact, OccurredAt = registered.OccurredAt.AddMinutes(5),
        });

        var stored = await factory.InDbAsync(db => db.People.SingleAsync(p => p.Id == person));
        Assert.Equal("new-subject", stored.Subject);
        Assert.Equal("สมหญิง", stored.FirstNameTh);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_changes_the_copy_once()
    {
        var community = new CommunityRegistered { CommunityId = Guid.NewGuid(), Code = "C99", NameTh = "ชุมชนซ้ำ", Status = "active", OccurredAt = DateTimeOffset.UtcNow };
        var messageId = Guid.NewGuid();
        await factory.Harness.Bus.Publish(community, c => c.MessageId = messageId);
        await factory.Harness.Bus.Publish(community, c => c.MessageId = messageId);
        await Eventually.TrueAsync(() => factory.InDbAsync(db => db.InboxMessages.AnyAsync(i => i.MessageId == messageId)), what: "the inbox record");
        await factory.Harness.InactivityTask;
        Assert.Equal(1, await factory.InDbAsync(db => db.InboxMessages.CountAsync(i => i.MessageId == messageId)));
        Assert.Equal(1, await factory.InDbAsync(db => db.Communities.CountAsync(c => c.Id == community.CommunityId)));
    }

    [Fact]
    public async Task An_erased_person_loses_their_name_subject_everywhere_and_future_seat_which_goes_to_the_waitlist_at_once()
    {
        var session = await factory.NewSessionAsync(1, DateTimeOffset.UtcNow.AddDays(9));
        var erased = Guid.NewGuid();
        var waiting = Guid.NewGuid();
        await factory.DeliverAsync(SchedulingFactory.Person(erased, "to-be-erased"));
        await factory.DeliverAsync(SchedulingFactory.Person(waiting, "waiting-for-seat"));
        string? seatCode = null;
        foreach (var subject in new[] { "to-be-erased", "waiting-for-seat" })
        {
            using var client = factory.ClientAs(subject, "community-leader");
            using var response = await client.PostAsync($"/api/scheduling/sessions/{session.Id()}/registrations", null);
            seatCode ??= (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("code");
        }

        Assert.Equal("to-be-erased", await factory.InDbAsync(db => db.Registrations.Where(r => r.PersonId == erased).Select(r => r.RegisteredBySubject).SingleAsync()));
        await factory.DeliverAsync(new PersonErased { PersonId = erased, Subject = "to-be-erased", OccurredAt = DateTimeOffset.UtcNow });

        var person = await factory.InDbAsync(db => db.People.SingleAsync(p => p.Id == erased));
        Assert.True(person.Erased);
        Assert.Null(person.Subject);
        Assert.Equal("", person.FirstNameTh);
        // The registration they signed themselves stays (as a count) without the subject it was signed with.
        Assert.False(await factory.InDbAsync(db => db.Registrations.AnyAsync(r => r.RegisteredBySubject == "to-be-erased")));
        var statuses = await factory.InDbAsync(db => db.Registrations.Where(r => r.SessionId == session.Id()).ToDictionaryAsync(r => r.PersonId, r => r.Status));
        Assert.Equal(RegistrationStatus.Cancelled, statuses[erased]);
        Assert.Equal(RegistrationStatus.Confirmed, statuses[waiting]);
        await factory.PublishedAsync<RegistrationPromoted>(m => m.PersonId == waiting);

        // Erased stays erased: a late contact change does not bring the name back.
        await factory.DeliverAsync(new PersonContactChanged
        {
            PersonId = erased, Subject = "to-be-erased", FirstNameTh = "กลับมา", LastNameTh = "อีก",
            Contact = new ContactDetails { PreferredChannel = "in-app", Language = "th" }, OccurredAt = DateTimeOffset.UtcNow.AddMinutes(1),
        });
        Assert.Equal("", (await factory.InDbAsync(db => db.People.SingleAsync(p => p.Id == erased))).FirstNameTh);
        Assert.NotNull(seatCode);
    }
}
