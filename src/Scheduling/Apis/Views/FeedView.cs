namespace Municipal.Scheduling.Apis;

/// <param name="Path">The secret address of the caller's calendar feed, under the gateway. Keep it private.</param>
public sealed record FeedView(string Path);
