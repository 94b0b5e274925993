using Municipal.Contracts;
using Municipal.Edge;
using Municipal.Notifications.Application;
using Municipal.Notifications.Domain;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Notifications.Tests;

/// <summary>Who reads which inbox, and who holds an office on a date: rules without a host.</summary>
public sealed class AccessTests
{
    private static Caller As(string subject, string role, string? division = null) =>
        new(subject, new HashSet<string> { role }, null, division);

    private static InboxItem ItemIn(string? subject, string? mailbox) => InboxItem.From(
        Delivery.Create(new DeliveryDraft($"k:{Guid.NewGuid()}", "request-submitted",
            mailbox is not null ? Recipient.ForMailbox(mailbox) : Recipient.ForSubject(subject!, null),
            new RenderedMessage("th", "t", "b", "h", "s"), null, DateTimeOffset.UnixEpoch), ChannelCodes.InApp, DateTimeOffset.UnixEpoch),
        null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Everyone_reads_their_own_inbox_and_nobody_elses()
    {
        var mine = ItemIn("sub-a", null);
        Assert.True(InboxAccess.MayRead(As("sub-a", "resident"), mine));
        Assert.False(InboxAccess.MayRead(As("sub-b", "admin"), mine));
    }

    [Fact]
    public void Staff_read_the_registry_inbox_and_their_own_divisions_only()
    {
        var registry = ItemIn(null, SharedMailboxes.Registry);
        var publicWorks = ItemIn(null, SharedMailboxes.Division("public-works"));
        var worker = As("s-1", "staff", "public-works");
        var nurse = As("s-2", "staff", "public-health");

        Assert.True(InboxAccess.MayRead(worker, registry));
        Assert.True(InboxAccess.MayRead(As("a-1", "admin"), registry));
        Assert.False(InboxAccess.MayRead(As("r-1", "resident"), registry));
        Assert.False(InboxAccess.MayRead(As("e-1", "executive"), registry));
        Assert.True(InboxAccess.MayRead(worker, publicWorks));
        Assert.False(InboxAccess.MayRead(nurse, publicWorks));
        Assert.False(InboxAccess.MayRead(As("s-3", "staff"), publicWorks));
        Assert.False(InboxAccess.MayRead(As("r-2", "resident", "public-works"), publicWorks));
    }

    [Fact]
    public void The_mailbox_named_in_a_call_is_the_callers_own_or_a_shared_one_they_may_read()
    {
        Assert.Equal(Mailbox.Personal("sub-a"), Mailboxes.Resolve(As("sub-a", "resident"), null).Value);
        Assert.Equal(Mailbox.Personal("sub-a"), Mailboxes.Resolve(As("sub-a", "staff", "finance"), "me").Value);
        Assert.Equal(Mailbox.SharedInbox("division:finance"), Mailboxes.Resolve(As("s-1", "staff", "finance"), "division").Value);
        Assert.Equal(Mailbox.SharedInbox(SharedMailboxes.Registry), Mailboxes.Resolve(As("a-1", "admin"), "registry").Value);

        Assert.Equal(NotificationsProblems.SharedInboxStaffOnly, Mailboxes.Resolve(As("r-1", "resident"), "registry").Refusal?.Kind);
        Assert.Equal(NotificationsProblems.SharedInboxStaffOnly, Mailboxes.Resolve(As("r-1", "resident", "finance"), "division").Refusal?.Kind);
        Assert.Equal(NotificationsProblems.NoDivision, Mailboxes.Resolve(As("s-2", "staff"), "division").Refusal?.Kind);
        var unknown = Mailboxes.Resolve(As("s-1", "staff"), "everyone").Refusal;
        Assert.Equal(ProblemTypes.Validation, unknown?.Kind);
        Assert.Contains("mailbox", unknown!.Errors!.Keys);
    }

    [Theory]
    [InlineData("2019-01-01", null, "2018-12-31", false)]
    [InlineData("2019-01-01", null, "2019-01-01", true)]
    [InlineData("2019-01-01", null, "2040-01-01", true)]
    [InlineData("2019-01-01", "2020-06-30", "2020-06-30", true)]
    [InlineData("2019-01-01", "2020-06-30", "2020-07-01", false)]
    public void An_office_is_held_from_its_start_date_to_its_end_date_both_included(string start, string? end, string on, bool held)
    {
        var term = OfficeTerm.Assign(Guid.NewGuid(), Guid.NewGuid(), OfficeRoleCodes.President, Guid.NewGuid(), null,
            DateOnly.Parse(start), end is null ? null : DateOnly.Parse(end));
        Assert.Equal(held, term.IsHeldOn(DateOnly.Parse(on)));
    }
}
