using Municipal.Contracts;

namespace Municipal.Notifications.Domain;

/// <summary>
/// The local copy of one person of the registry: how to reach them and in which language. Built from
/// <c>PersonRegistered</c> and <c>PersonContactChanged</c> (each carries the whole state; an older one
/// never overwrites a newer one) and scrubbed by <c>PersonErased</c>. Personal data: never logged.
/// </summary>
public sealed class Person
{
    private Person()
    {
    }

    public Guid Id { get; private set; }

    public string? Subject { get; private set; }

    public string? Title { get; private set; }

    public string FirstNameTh { get; private set; } = "";

    public string LastNameTh { get; private set; } = "";

    public string? NameEn { get; private set; }

    public string? Email { get; private set; }

    public string? PhoneE164 { get; private set; }

    public string? LineUserId { get; private set; }

    public string PreferredChannel { get; private set; } = ChannelCodes.InApp;

    public string Language { get; private set; } = Languages.Thai;

    /// <summary>When the state held here was true at the registry (the event's <c>OccurredAt</c>).</summary>
    public DateTimeOffset AsOf { get; private set; }

    public DateTimeOffset? ErasedAt { get; private set; }

    public bool IsErased => ErasedAt is not null;

    public static Person Create(Guid id) => new() { Id = id, AsOf = DateTimeOffset.MinValue };

    /// <summary>Takes the registry's state unless what is held is newer, or the person was erased.</summary>
    public bool Apply(PersonState state, DateTimeOffset asOf)
    {
        if (IsErased || asOf < AsOf)
        {
            return false;
        }

        Subject = Blank(state.Subject);
        Title = Blank(state.Title);
        FirstNameTh = state.FirstNameTh;
        LastNameTh = state.LastNameTh;
        NameEn = Blank(state.NameEn);
        Email = Blank(state.Email);
        PhoneE164 = Blank(state.PhoneE164);
        LineUserId = Blank(state.LineUserId);
        PreferredChannel = Channels.IsKnown(state.PreferredChannel) ? state.PreferredChannel! : ChannelCodes.InApp;
        Language = Languages.Normalize(state.Language);
        AsOf = asOf;
        return true;
    }

    /// <summary>PDPA erasure: nothing that identifies or reaches the person is kept; later events cannot bring it back.</summary>
    public void Erase(DateTimeOffset asOf)
    {
        Subject = null;
        Title = null;
        FirstNameTh = "";
        LastNameTh = "";
        NameEn = null;
        Email = null;
        PhoneE164 = null;
        LineUserId = null;
        PreferredChannel = ChannelCodes.InApp;
        ErasedAt = asOf;
        AsOf = asOf > AsOf ? asOf : AsOf;
    }

    public string DisplayName(string language)
    {
        var thai = $"{Title}{FirstNameTh} {LastNameTh}".Trim();
        return language == Languages.English && !string.IsNullOrWhiteSpace(NameEn) ? NameEn! : thai;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>What the registry says about a person (the shape of <c>PersonRegistered</c> and <c>PersonContactChanged</c>).</summary>
public sealed record PersonState(
    string? Subject, string? Title, string FirstNameTh, string LastNameTh, string? NameEn,
    string? Email, string? PhoneE164, string? LineUserId, string? PreferredChannel, string? Language);
