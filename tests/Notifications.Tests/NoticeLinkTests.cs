using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Municipal.Contracts;
using Municipal.Notifications.Application;
using Municipal.Notifications.Rendering;
using Municipal.Notifications.Sending;
using System.Text.RegularExpressions;

namespace Municipal.Notifications.Tests;

/// <summary>
/// The link a notice carries (the end of every e-mail, on the public base URL, and the inbox entry's "open") names a page
/// the web client has: a mail once sent cannot be mended, and it used to name pages nobody made (<c>/sessions/{id}</c>,
/// <c>/offices/{id}</c>, <c>/settings/notifications</c>).
/// </summary>
public sealed class NoticeLinkTests
{
    /// <summary>
    /// The web client's pages a notice may take someone to, from the <c>@page</c> routes under src/Web/Components/Pages
    /// (<c>{id}</c> where the route takes a GUID). Sign-in, "denied", the error page and "not found" are pages too, but no
    /// notice has a reason to open them, so they are left out.
    /// </summary>
    private static readonly string[] WebPages =
    [
        "/",
        "/community",
        "/inbox",
        "/map",
        "/meetings",
        "/preferences",
        "/requests/mine",
        "/requests/new",
        "/requests/{id}",
        "/plan/projects/{id}",
        "/public/requests/{id}",
        "/stats",
        "/staff/announcements",
        "/staff/meetings",
        "/staff/meetings/{id}",
        "/staff/plan",
        "/staff/plan/new",
        "/staff/plan/{id}",
        "/staff/registry",
        "/staff/registry/communities/{id}",
        "/staff/registry/import",
        "/staff/registry/people",
        "/staff/requests",
        "/staff/sessions/{id}",
        "/staff/statistics",
    ];

    private static readonly Notices Notices = new(
        TemplateLibrary.LoadEmbedded(), Options.Create(new EmailOptions { From = "noreply@test.municipal" }), new FakeTimeProvider(DateTimeOffset.UnixEpoch));

    /// <summary>An office of the municipality itself, not of a community (the template tests' sample is a community's president).</summary>
    private static TermEnding MayorsTerm() => new()
    {
        OfficeId = Guid.NewGuid(), PersonId = Guid.NewGuid(), Role = "mayor", CommunityId = null,
        EndDate = new DateOnly(2027, 3, 31), OccurredAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Every_link_a_notice_carries_is_a_page_of_the_web_client()
    {
        // One notice of every kind (the template tests' samples cover every template), and the term ending of an office
        // that is no community's.
        var notices = TemplateTests.Samples().Select(s => s.Notice)
            .Append(Notices.TermEnds(MayorsTerm(), forRegistry: false, holderName: null))
            .Append(Notices.TermEnds(MayorsTerm(), forRegistry: true, holderName: "นายสมชาย ใจดี"))
            .ToList();

        var broken = notices.Where(n => n.Link is not null && !IsPage(n.Link)).Select(n => $"{n.Kind}: {n.Link}").ToList();

        Assert.Empty(broken);
        Assert.Contains(notices, n => n.Link is not null); // not passing for want of links
    }

    [Fact]
    public void Meeting_notices_open_the_meetings_page_and_the_line_notice_the_preferences()
    {
        string[] meetingKinds =
        [
            Notices.InvitationIssued, Notices.RegistrationConfirmed, Notices.RegistrationWaitlisted, Notices.RegistrationPromoted,
            Notices.RegistrationCancelled, Notices.SessionRescheduled, Notices.SessionCancelled, Notices.SessionReminder,
        ];
        var meetings = TemplateTests.Samples().Where(s => meetingKinds.Contains(s.Kind)).ToList();

        Assert.Equal(meetingKinds.Length, meetings.Count);
        Assert.All(meetings, s => Assert.Equal("/meetings", s.Notice.Link));
        Assert.Equal("/preferences", Notices.LineWasLinked("sub-1").Link);
    }

    [Fact]
    public void A_term_ending_links_a_community_office_to_its_community_and_an_office_of_the_municipality_nowhere()
    {
        var community = Guid.NewGuid();
        var secretary = MayorsTerm() with { Role = "secretary", CommunityId = community };

        Assert.Equal("/community", Notices.TermEnds(secretary, forRegistry: false, holderName: null).Link);
        Assert.Equal($"/staff/registry/communities/{community}", Notices.TermEnds(secretary, forRegistry: true, holderName: "นายสมชาย ใจดี").Link);
        Assert.Null(Notices.TermEnds(MayorsTerm(), forRegistry: false, holderName: null).Link);
        Assert.Null(Notices.TermEnds(MayorsTerm(), forRegistry: true, holderName: "นายสมชาย ใจดี").Link);
    }

    [Theory]
    [InlineData("/meetings", true)]
    [InlineData("/requests/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10#feedback", true)]
    [InlineData("/staff/requests?division=public-works&overdue=true", true)]
    [InlineData("/sessions/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10", false)]
    [InlineData("/offices/0b0e9f4e-8c1a-4c57-9a43-8a3f4c1f2d10", false)]
    [InlineData("/settings/notifications", false)]
    [InlineData("/requests/not-a-request", false)]
    [InlineData("/meetings/", false)]
    public void A_link_is_a_page_by_its_whole_path_with_a_guid_where_the_page_takes_one(string link, bool page) =>
        Assert.Equal(page, IsPage(link));

    /// <summary>The list above is the web client's: every path in it is still the route of a page (read as text, as the label test reads Labels.cs).</summary>
    [Fact]
    public void Every_listed_page_is_a_route_of_the_web_client()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Municipal.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var routes = Directory.EnumerateFiles(Path.Combine(directory.FullName, "src", "Web", "Components", "Pages"), "*.razor", SearchOption.AllDirectories)
            .SelectMany(file => Regex.Matches(File.ReadAllText(file), @"^@page ""(?<route>[^""]+)""", RegexOptions.Multiline))
            .Select(m => Regex.Replace(m.Groups["route"].Value, @"\{[A-Za-z]+:guid\}", "{id}"))
            .ToHashSet(StringComparer.Ordinal);

        var gone = WebPages.Where(page => !routes.Contains(page)).ToList();
        Assert.Empty(gone);
    }

    /// <summary>The path (before any query or fragment) is one of <see cref="WebPages"/>, segment by segment; <c>{id}</c> takes a GUID.</summary>
    private static bool IsPage(string link)
    {
        var cut = link.IndexOfAny(['?', '#']);
        var path = (cut < 0 ? link : link[..cut]).Split('/');
        return WebPages.Select(page => page.Split('/')).Any(page => page.Length == path.Length
            && page.Zip(path).All(p => p.First == "{id}" ? Guid.TryParseExact(p.Second, "D", out _) : p.First == p.Second));
    }
}
