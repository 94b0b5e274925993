using Municipal.Scheduling.Domain;
using Municipal.ServiceDefaults;

namespace Municipal.Scheduling.Apis;

public sealed record IssueView(
    Guid Id, Guid SessionId, Guid CommunityId, string Category, string Description, GeoPoint? Location, DateTimeOffset RaisedAt)
{
    public static IssueView From(RaisedIssue i) => new(i.Id, i.SessionId, i.CommunityId, i.Category, i.Description,
        i.Latitude is { } lat && i.Longitude is { } lon ? new GeoPoint(lat, lon) : null, BangkokTime.ToLocal(i.RaisedAt));
}
