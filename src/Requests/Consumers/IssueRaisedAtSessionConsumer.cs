using MassTransit;
using Microsoft.EntityFrameworkCore;
using Municipal.Contracts;
using Municipal.Messaging.Inbox;
using Municipal.Requests.Domain;
using Municipal.Requests.Application;
using Municipal.Requests.Infrastructure;
using Municipal.ServiceDefaults;

namespace Municipal.Requests.Consumers;

/// <summary>
/// A problem raised at a meeting becomes a request linked to that session, once per issue: the inbox
/// ignores a redelivered message, and the issue id (unique in the table) ignores the same issue published twice.
/// </summary>
public sealed class IssueRaisedAtSessionConsumer(RequestsDbContext db, RequestIntake intake, TimeProvider time)
    : IdempotentConsumer<IssueRaisedAtSession, RequestsDbContext>(db, time)
{
    public const int TitleLength = 80;

    protected override async Task HandleAsync(ConsumeContext<IssueRaisedAtSession> context, CancellationToken cancellationToken)
    {
        var issue = context.Message;
        if (await Db.Requests.AnyAsync(r => r.SourceIssueId == issue.IssueId, cancellationToken))
        {
            return;
        }

        var submission = ToSubmission(issue);
        var recordedBy = Actors.Recorded(issue.RecordedBySubject, Roles.Staff);
        // The meeting's organisers know the community; the registry's event may simply not have arrived yet.
        var taken = await intake.TakeAsync(submission,
            new IntakeContext(RequestChannel.Meeting, Submitter.Nobody, recordedBy)
            {
                SessionId = issue.SessionId,
                SourceIssueId = issue.IssueId,
                RequireKnownCommunity = false,
            }, cancellationToken);
        if (!taken.Succeeded)
        {
            throw new InvalidOperationException($"Issue {issue.IssueId} could not become a request: {taken.Refusal!.Title}");
        }
    }

    /// <summary>
    /// What the meeting recorded, made into a valid submission: an unknown category becomes <c>other</c>, a
    /// location outside the municipality is dropped, the title is the description's first line.
    /// </summary>
    public static RequestSubmission ToSubmission(IssueRaisedAtSession issue)
    {
        var category = RequestCategories.IsKnown(issue.Category) ? issue.Category : "other";
        var description = issue.Description.Trim();
        if (description.Length > RequestSubmission.DescriptionMaxLength)
        {
            description = description[..(RequestSubmission.DescriptionMaxLength - 1)] + "…";
        }

        var firstLine = description.Split('\n', 2)[0].Trim();
        var title = firstLine.Length == 0
            ? RequestCategories.Defaults.Single(c => c.Code == category).NameTh
            : firstLine.Length > TitleLength ? firstLine[..(TitleLength - 1)].TrimEnd() + "…" : firstLine;
        GeoPoint? location = issue.Latitude is { } lat && issue.Longitude is { } lon && MunicipalArea.Contains(new GeoPoint(lat, lon))
            ? new GeoPoint(lat, lon)
            : null;
        return new RequestSubmission
        {
            CommunityId = issue.CommunityId,
            Category = category,
            Title = title,
            Description = description.Length == 0 ? title : description,
            Location = location,
        };
    }
}
