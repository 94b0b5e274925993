using System.Net.Mail;
using System.Text.RegularExpressions;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Communities.Domain;

/// <summary>How a person wants to hear from the municipality.</summary>
public enum ContactChannel
{
    InApp,
    Email,
    Line,
    Sms,
}

public enum PreferredLanguage
{
    Th,
    En,
}

/// <summary>The codes of channels and languages as they cross service boundaries.</summary>
public static class ContactCodes
{
    private static readonly Dictionary<string, ContactChannel> Channels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["in-app"] = ContactChannel.InApp,
        ["email"] = ContactChannel.Email,
        ["line"] = ContactChannel.Line,
        ["sms"] = ContactChannel.Sms,
    };

    private static readonly Dictionary<string, PreferredLanguage> Languages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["th"] = PreferredLanguage.Th,
        ["en"] = PreferredLanguage.En,
    };

    public static IEnumerable<string> ChannelCodes => Channels.Keys;

    public static string Of(ContactChannel channel) => Channels.First(c => c.Value == channel).Key;

    public static string Of(PreferredLanguage language) => Languages.First(l => l.Value == language).Key;

    public static bool TryParseChannel(string? code, out ContactChannel channel) => Channels.TryGetValue(code?.Trim() ?? "", out channel);

    public static bool TryParseLanguage(string? code, out PreferredLanguage language) => Languages.TryGetValue(code?.Trim() ?? "", out language);
}

/// <summary>
/// A person the municipality works with: a community leader, an executive, a division head… Names and
/// contact details are personal data (PDPA): they are shown only to those allowed and can be erased.
/// </summary>
public sealed class Person
{
    private Person()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The sign-in subject (<c>sub</c>) of the person's account, when they have one.</summary>
    public string? Subject { get; private set; }

    /// <summary>e.g. นาย, นาง, นางสาว.</summary>
    public string? Title { get; private set; }

    public string FirstNameTh { get; private set; } = "";

    public string LastNameTh { get; private set; } = "";

    public string? NameEn { get; private set; }

    /// <summary>E.164, e.g. <c>+66812345678</c>.</summary>
    public string? PhoneE164 { get; private set; }

    public string? Email { get; private set; }

    public string? LineUserId { get; private set; }

    public ContactChannel PreferredChannel { get; private set; }

    public PreferredLanguage Language { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>Set when the person was erased: names and contact details are gone for good.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }

    /// <summary>Optimistic concurrency: raised by every change.</summary>
    public int Version { get; private set; }

    public bool IsErased => ErasedAt is not null;

    /// <summary>The name as Thai people write it: the title joined to the first name, e.g. นายสมชาย ใจดี.</summary>
    public string DisplayName => IsErased ? "" : $"{Title}{FirstNameTh} {LastNameTh}";

    public ThaiPhoneNumber? Phone => PhoneE164 is null ? null : ThaiPhoneNumber.Parse(PhoneE164);

    public PersonDetails Details => new(Title, FirstNameTh, LastNameTh, NameEn, Phone, Email, LineUserId, PreferredChannel, Language, Subject);

    /// <param name="id">Given when the id must be known before registration (an import); new otherwise.</param>
    public static Person Register(PersonDetails details, DateTimeOffset now, Guid? id = null)
    {
        var person = new Person { Id = id ?? Guid.CreateVersion7(now), CreatedAt = now, Version = 1 };
        person.Apply(details);
        return person;
    }

    /// <summary>Replaces the person's details; says whether anything changed.</summary>
    public bool Update(PersonDetails details, DateTimeOffset now)
    {
        if (IsErased)
        {
            throw new InvalidOperationException("An erased person cannot be changed.");
        }

        if (details == Details)
        {
            return false;
        }

        Apply(details);
        UpdatedAt = now;
        Version++;
        return true;
    }

    /// <summary>True when <paramref name="details"/> touches only what a person may change on their own: contact details and preferences.</summary>
    public bool ChangesOnlyContactAndPreferences(PersonDetails details) =>
        details.Title == Title && details.FirstNameTh == FirstNameTh && details.LastNameTh == LastNameTh
        && details.NameEn == NameEn && details.Subject == Subject
        // A LINE account is linked by its owner answering the link code in LINE, never typed in: a person may keep
        // or remove the one linked, not put another in its place.
        && (details.LineUserId is null || details.LineUserId == LineUserId);

    /// <summary>PDPA erasure: names, account link and contact details are replaced; the record stays so offices keep their history.</summary>
    /// <returns>False when the person was already erased.</returns>
    public bool Erase(DateTimeOffset now)
    {
        if (IsErased)
        {
            return false;
        }

        Title = null;
        FirstNameTh = "";
        LastNameTh = "";
        NameEn = null;
        PhoneE164 = null;
        Email = null;
        LineUserId = null;
        Subject = null;
        PreferredChannel = ContactChannel.InApp;
        Language = PreferredLanguage.Th;
        ErasedAt = now;
        UpdatedAt = now;
        Version++;
        return true;
    }

    private void Apply(PersonDetails details)
    {
        Title = details.Title;
        FirstNameTh = details.FirstNameTh;
        LastNameTh = details.LastNameTh;
        NameEn = details.NameEn;
        PhoneE164 = details.Phone?.E164;
        Email = details.Email;
        LineUserId = details.LineUserId;
        PreferredChannel = details.PreferredChannel;
        Language = details.Language;
        Subject = details.Subject;
    }
}

/// <summary>A person's details once validated.</summary>
public sealed record PersonDetails(
    string? Title, string FirstNameTh, string LastNameTh, string? NameEn,
    ThaiPhoneNumber? Phone, string? Email, string? LineUserId,
    ContactChannel PreferredChannel, PreferredLanguage Language, string? Subject);

/// <summary>A person as a caller writes them (JSON or a CSV row): validated into <see cref="PersonDetails"/>.</summary>
public sealed partial record PersonInput
{
    public const int NameMaxLength = 100;
    public const int TitleMaxLength = 50;
    public const int NameEnMaxLength = 200;
    public const int EmailMaxLength = 254;
    public const int SubjectMaxLength = 128;

    /// <summary>What a person may change of their own record: contact details and preferences.</summary>
    /// <summary>What a person changes on their own (<c>lineUserId</c> only to remove it: LINE is linked with the link code).</summary>
    public static readonly IReadOnlyList<string> ContactAndPreferenceFields = ["phone", "email", "preferredChannel", "language"];

    public string? Title { get; init; }
    public string? FirstNameTh { get; init; }
    public string? LastNameTh { get; init; }
    public string? NameEn { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? LineUserId { get; init; }
    /// <summary><c>in-app</c> (default), <c>email</c>, <c>line</c> or <c>sms</c>.</summary>
    public string? PreferredChannel { get; init; }
    /// <summary><c>th</c> (default) or <c>en</c>.</summary>
    public string? Language { get; init; }
    public string? Subject { get; init; }

    /// <summary>Every problem by field (camelCase names); the details when there is none.</summary>
    public Dictionary<string, FieldError[]> Validate(out PersonDetails? details)
    {
        details = null;
        var errors = new Dictionary<string, FieldError[]>();

        var title = Text(Title, "title", TitleMaxLength, required: false, errors);
        var first = Text(FirstNameTh, "firstNameTh", NameMaxLength, required: true, errors);
        var last = Text(LastNameTh, "lastNameTh", NameMaxLength, required: true, errors);
        var nameEn = Text(NameEn, "nameEn", NameEnMaxLength, required: false, errors);

        ThaiPhoneNumber? phone = null;
        if (!string.IsNullOrWhiteSpace(Phone) && !ThaiPhoneNumber.TryParse(Phone, out phone, out var phoneError))
        {
            errors["phone"] = [FieldError.BadFormat(FieldFormats.ThaiPhone, phoneError!)];
        }

        var email = Blank(Email);
        if (email is not null && (email.Length > EmailMaxLength || !MailAddress.TryCreate(email, out var address)
            || address.Address != email || !address.Host.Contains('.')))
        {
            errors["email"] = [FieldError.BadFormat(FieldFormats.Email, "Not an email address (name@example.com).")];
        }

        var line = Blank(LineUserId);
        if (line is not null && !LineUserIdPattern().IsMatch(line))
        {
            errors["lineUserId"] = [FieldError.BadFormat(FieldFormats.LineUserId, "A LINE user id is U followed by 32 hexadecimal digits, as the LINE Messaging API gives it.")];
        }

        var channel = ContactChannel.InApp;
        if (!string.IsNullOrWhiteSpace(PreferredChannel) && !ContactCodes.TryParseChannel(PreferredChannel, out channel))
        {
            errors["preferredChannel"] = [FieldError.NotOneOf(ContactCodes.ChannelCodes, $"Unknown channel. Use one of: {string.Join(", ", ContactCodes.ChannelCodes)}.")];
        }
        else if (channel == ContactChannel.Email && email is null)
        {
            errors["preferredChannel"] = [FieldError.Rule(FieldErrorCodes.ChannelWithoutAddress, "Email is preferred but no email address is given.").With("channel", "email")];
        }
        else if (channel == ContactChannel.Line && line is null)
        {
            errors["preferredChannel"] = [FieldError.Rule(FieldErrorCodes.ChannelWithoutAddress, "LINE is preferred but no LINE user id is given.").With("channel", "line")];
        }
        else if (channel == ContactChannel.Sms && !errors.ContainsKey("phone") && phone is not { IsMobile: true })
        {
            errors["preferredChannel"] = [FieldError.Rule(FieldErrorCodes.ChannelWithoutAddress, "SMS is preferred but no mobile number is given.").With("channel", "sms")];
        }

        var language = PreferredLanguage.Th;
        if (!string.IsNullOrWhiteSpace(Language) && !ContactCodes.TryParseLanguage(Language, out language))
        {
            errors["language"] = [FieldError.NotOneOf(["th", "en"], "Unknown language. Use th or en.")];
        }

        var subject = Blank(Subject);
        if (subject is not null && (subject.Length > SubjectMaxLength || subject.Any(char.IsWhiteSpace)))
        {
            errors["subject"] = [FieldError.BadFormat(FieldFormats.Subject, $"A sign-in subject has at most {SubjectMaxLength} characters and no spaces.").With("max", SubjectMaxLength)];
        }

        if (errors.Count == 0)
        {
            details = new PersonDetails(title, first!, last!, nameEn, phone, email, line, channel, language, subject);
        }

        return errors;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Text(string? value, string field, int maxLength, bool required, Dictionary<string, FieldError[]> errors)
    {
        var text = Blank(value);
        if (text is null)
        {
            if (required)
            {
                errors[field] = [FieldError.Required("Required.")];
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            errors[field] = [FieldError.TooLong(maxLength, $"At most {maxLength} characters.")];
        }
        else if (text.Any(char.IsControl))
        {
            errors[field] = [FieldError.Rule(FieldErrorCodes.ControlCharacters, "Control characters (line breaks, tabs) are not allowed in a name.")];
        }

        return text;
    }

    [GeneratedRegex("^U[0-9a-f]{32}$")]
    private static partial Regex LineUserIdPattern();
}
