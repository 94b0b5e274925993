using Municipal.Communities.Domain;

namespace Municipal.Communities.Application;

/// <summary>What a use case read or wrote, with the version its <c>ETag</c> names.</summary>
public sealed record Versioned<T>(T Value, int Version);

/// <summary>A community as anybody sees it.</summary>
public sealed record CommunityView(
    Guid Id, string Code, string NameTh, string? NameEn, string? Zone, int? Households, int? Population,
    double? Latitude, double? Longitude, CommunityStatus Status, DateOnly? StatusDate, Guid? MergedInto)
{
    public static CommunityView From(Community c) => new(
        c.Id, c.Code, c.NameTh, c.NameEn, c.Zone, c.Households, c.Population, c.Latitude, c.Longitude, c.Status, c.StatusDate, c.MergedInto);
}

/// <summary>One community with the people holding its offices today.</summary>
public sealed record CommunityDetailView(
    Guid Id, string Code, string NameTh, string? NameEn, string? Zone, int? Households, int? Population,
    double? Latitude, double? Longitude, CommunityStatus Status, DateOnly? StatusDate, Guid? MergedInto,
    IReadOnlyList<OfficeView> CurrentOffices)
{
    public static CommunityDetailView From(Community c, IReadOnlyList<OfficeView> current) => new(
        c.Id, c.Code, c.NameTh, c.NameEn, c.Zone, c.Households, c.Population, c.Latitude, c.Longitude, c.Status, c.StatusDate, c.MergedInto,
        current);
}

/// <summary>How to reach a person: personal data, shown only to those allowed (and logged).</summary>
public sealed record ContactView(string? Phone, string? PhoneE164, string? Email, string? LineUserId)
{
    public static ContactView From(Person p) => new(p.Phone?.Display, p.PhoneE164, p.Email, p.LineUserId);
}

/// <summary>
/// A term of office and its holder's name (public). <see cref="Contact"/> is filled only when the caller asked
/// for it and may see it. An erased holder has no name.
/// </summary>
public sealed record OfficeView(
    Guid Id, string Role, Guid PersonId, string? HolderName, bool HolderErased,
    Guid? CommunityId, string? CommunityCode, Guid? DivisionId, string? DivisionCode,
    DateOnly StartDate, DateOnly? EndDate, ContactView? Contact);

/// <summary>A person in lists: names, no contact details.</summary>
public sealed record PersonSummaryView(
    Guid Id, string? Title, string FirstNameTh, string LastNameTh, string? NameEn, string Name, string? Subject, bool Erased)
{
    public static PersonSummaryView From(Person p) => new(p.Id, p.Title, p.FirstNameTh, p.LastNameTh, p.NameEn, p.DisplayName, p.Subject, p.IsErased);
}

/// <summary>A person in full: contact details (when the caller may see them), preferences and their terms of office.</summary>
public sealed record PersonView(
    Guid Id, string? Title, string FirstNameTh, string LastNameTh, string? NameEn, string Name, string? Subject,
    string PreferredChannel, string Language, ContactView? Contact, bool Erased, DateTimeOffset? ErasedAt,
    IReadOnlyList<OfficeView> Offices)
{
    public static PersonView From(Person p, bool withContact, IReadOnlyList<OfficeView> offices) => new(
        p.Id, p.Title, p.FirstNameTh, p.LastNameTh, p.NameEn, p.DisplayName, p.Subject,
        ContactCodes.Of(p.PreferredChannel), ContactCodes.Of(p.Language),
        withContact && !p.IsErased ? ContactView.From(p) : null, p.IsErased, p.ErasedAt, offices);
}

public sealed record DivisionView(Guid Id, string Code, string NameTh, string? NameEn, OfficeView? Head);

public sealed record AccessLogView(Guid Id, DateTimeOffset At, string AccessorSubject, string AccessorRoles, Guid PersonId, string Purpose)
{
    public static AccessLogView From(AccessLogEntry e) => new(e.Id, e.At, e.AccessorSubject, e.AccessorRoles, e.PersonId, e.Purpose);
}
