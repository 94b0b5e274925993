namespace Municipal.Web.Api;

public sealed record InboxItemDto(Guid Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record InboxPageDto(IReadOnlyList<InboxItemDto> Items, int Total, int Unread);

public sealed record UnreadDto(int Unread);

public sealed record QuietHoursDto(string Start, string End);

public sealed record ChannelDto(string Channel, bool Configured, bool Reachable);

public sealed record PreferencesDto(
    string PreferredChannel, string Language, QuietHoursDto QuietHours, bool QuietHoursChosen, IReadOnlyList<ChannelDto> Channels,
    bool LineLinked, bool InRegistry);

/// <summary>A one-time code to send to the municipality's LINE official account, which links that LINE account.</summary>
public sealed record LineLinkCodeDto(string Code, DateTimeOffset ExpiresAt, string? AddFriendUrl);

/// <summary>The body of <c>PUT /api/notifications/preferences</c>: null clears a choice.</summary>
public sealed record PreferencesInput(string? PreferredChannel, string? Language, QuietHoursDto? QuietHours);

/// <summary>The inbox and contact preferences (Notifications service) through the gateway.</summary>
public sealed class NotificationsClient(Gateway gateway)
{
    /// <param name="mailbox">null: one's own; <c>division</c> or <c>registry</c>: a shared staff inbox.</param>
    public Task<ApiResult<InboxPageDto>> InboxAsync(string? mailbox = null, int page = 1, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<InboxPageDto>(Query.Of("/api/notifications/inbox", ("mailbox", mailbox), ("page", page), ("pageSize", 50)), cancellationToken);

    public Task<ApiResult<UnreadDto>> UnreadAsync(string? mailbox = null, CancellationToken cancellationToken = default) =>
        gateway.GetAsync<UnreadDto>(Query.Of("/api/notifications/inbox/unread-count", ("mailbox", mailbox)), cancellationToken);

    public Task<ApiResult<InboxItemDto>> MarkReadAsync(Guid id, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<InboxItemDto>($"/api/notifications/inbox/{id}/read", null, cancellationToken: cancellationToken);

    /// <summary>Marks every unread entry of the inbox read; the answer is the unread count left.</summary>
    public Task<ApiResult<UnreadDto>> MarkAllReadAsync(string? mailbox = null, CancellationToken cancellationToken = default) =>
        gateway.PostAsync<UnreadDto>(Query.Of("/api/notifications/inbox/read-all", ("mailbox", mailbox)), null, cancellationToken: cancellationToken);

    public Task<ApiResult<PreferencesDto>> PreferencesAsync(CancellationToken cancellationToken = default) =>
        gateway.GetAsync<PreferencesDto>("/api/notifications/preferences", cancellationToken);

    public Task<ApiResult<PreferencesDto>> SavePreferencesAsync(PreferencesInput input, CancellationToken cancellationToken = default) =>
        gateway.PutAsync<PreferencesDto>("/api/notifications/preferences", input, cancellationToken: cancellationToken);

    /// <summary>A new code to link one's LINE account (an unused earlier one stops working).</summary>
    public Task<ApiResult<LineLinkCodeDto>> LineLinkCodeAsync(CancellationToken cancellationToken = default) =>
        gateway.PostAsync<LineLinkCodeDto>("/api/notifications/preferences/line-link", null, cancellationToken: cancellationToken);
}
