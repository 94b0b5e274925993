using System.Collections.Immutable;

namespace Municipal.ServiceDefaults.Problems;

/// <summary>
/// One thing wrong with one field of a request, as a client can say it in its own language: a stable
/// <see cref="Code"/> (<see cref="FieldErrorCodes"/>), the values the sentence needs (<see cref="Args"/>: the
/// maximum length, the allowed codes, the calendar expected…) and the English <see cref="Message"/> for whoever
/// reads the raw answer. A validation problem carries the messages in <c>errors</c> and the codes with their
/// values in <c>errorCodes</c>, field by field, in the same order (docs/architecture.md, "Problem kinds").
/// </summary>
public sealed record FieldError
{
    public FieldError(string code, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
        Message = message;
    }

    public string Code { get; }

    public string Message { get; }

    public ImmutableSortedDictionary<string, object?> Args { get; private init; } = ImmutableSortedDictionary<string, object?>.Empty;

    /// <summary>The same error with one more value for the client's sentence.</summary>
    public FieldError With(string key, object? value) => this with { Args = Args.SetItem(key, value) };

    /// <summary>Nothing given where something is needed.</summary>
    public static FieldError Required(string? message = null) => new(FieldErrorCodes.Required, message ?? "Required.");

    /// <summary>Longer than <paramref name="max"/> characters (or items).</summary>
    public static FieldError TooLong(int max, string? message = null) =>
        new FieldError(FieldErrorCodes.TooLong, message ?? $"At most {max} characters.").With("max", max);

    /// <summary>A number outside <paramref name="min"/>…<paramref name="max"/>.</summary>
    public static FieldError OutOfRange(decimal min, decimal max, string? message = null) =>
        new FieldError(FieldErrorCodes.OutOfRange, message ?? $"Between {min} and {max}.").With("min", min).With("max", max);

    /// <summary>A code that is not one of <paramref name="allowed"/>.</summary>
    public static FieldError NotOneOf(IEnumerable<string> allowed, string? message = null)
    {
        var list = allowed.ToList();
        return new FieldError(FieldErrorCodes.NotOneOf, message ?? $"Use one of: {string.Join(", ", list)}.").With("allowed", list);
    }

    /// <summary>Not written the way it must be; <paramref name="format"/> is one of <see cref="FieldFormats"/>.</summary>
    public static FieldError BadFormat(string format, string message) =>
        new FieldError(FieldErrorCodes.Format, message).With("format", format);

    /// <summary>
    /// A year or a date in the other calendar: <paramref name="expected"/> is <see cref="FieldCalendars.BuddhistEra"/>
    /// (a year people type) or <see cref="FieldCalendars.CommonEra"/> (an ISO date); <paramref name="suggested"/> the year meant.
    /// </summary>
    public static FieldError WrongCalendar(string expected, int? suggested, string message)
    {
        var error = new FieldError(FieldErrorCodes.WrongCalendar, message).With("expected", expected);
        return suggested is { } year ? error.With("suggested", year) : error;
    }

    /// <summary>A place outside the municipality.</summary>
    public static FieldError OutsideMunicipality(double radiusKm, string? message = null) =>
        new FieldError(FieldErrorCodes.OutsideMunicipality, message
            ?? $"The location is not inside the municipality (more than {radiusKm} km from its centre). Check the coordinates.").With("radiusKm", radiusKm);

    /// <summary>A rule of its own, named by <paramref name="code"/> (one of <see cref="FieldErrorCodes"/>).</summary>
    public static FieldError Rule(string code, string message) => new(code, message);
}

/// <summary>
/// Every code a field error may carry. A client translates each; a new rule adds its code here (and the web
/// client's text for it: <c>src/Web/Localization/FieldText.cs</c>, whose test fails on a code without one).
/// </summary>
public static class FieldErrorCodes
{
    // General shapes, with their values.
    public const string Required = "required";
    public const string TooLong = "too-long";
    public const string OutOfRange = "out-of-range";
    public const string NotOneOf = "not-one-of";
    public const string Format = "format";
    public const string WrongCalendar = "wrong-calendar";
    public const string OutsideMunicipality = "outside-municipality";

    /// <summary>A value the service cannot read at all (an older client, a code path not yet given a code of its own).</summary>
    public const string Invalid = "invalid";

    // Rules of their own.
    public const string EndBeforeStart = "end-before-start";
    public const string SameTimes = "same-times";
    public const string TooLate = "too-late";
    public const string LongerThanADay = "longer-than-a-day";
    public const string OutsideFiscalYear = "outside-fiscal-year";
    public const string OverVenueCapacity = "over-venue-capacity";
    public const string BothOrNeither = "both-or-neither";
    public const string ControlCharacters = "control-characters";
    public const string ChannelWithoutAddress = "channel-without-address";
    public const string NeededForStatus = "needed-for-status";
    public const string NotForStatus = "not-for-status";
    public const string NotForRole = "not-for-role";
    public const string NeededForRole = "needed-for-role";
    public const string NoteNeededToReject = "note-needed-to-reject";
    public const string OnlyWhenTriaging = "only-when-triaging";
    public const string NothingReported = "nothing-reported";
    public const string OnlyForPhoneIntake = "only-for-phone-intake";
    public const string OneOfTheTwo = "one-of-the-two";
    public const string AlreadyRegistered = "already-registered";
    public const string SpanTooLong = "span-too-long";
    public const string NoFile = "no-file";

    // Rows of an imported file (the column is named beside the code).
    public const string UnknownReference = "unknown-reference";
    public const string DuplicateRow = "duplicate-row";
    public const string DependsOnBadRow = "depends-on-bad-row";
    public const string DiffersFromLine = "differs-from-line";
    public const string Ambiguous = "ambiguous";
    public const string Erased = "erased";
    public const string Taken = "taken";
    public const string TermEnded = "term-ended";
    public const string TermNotExtended = "term-not-extended";
    public const string OfficeClash = "office-clash";
    public const string CommunityNotActive = "community-not-active";
    public const string FieldCount = "field-count";
    public const string StrayQuote = "stray-quote";

    /// <summary>Every code above, for the clients' tests.</summary>
    public static IReadOnlyList<string> All { get; } = typeof(FieldErrorCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();
}

/// <summary>The <c>format</c> value of a <see cref="FieldErrorCodes.Format"/> error.</summary>
public static class FieldFormats
{
    public const string Email = "email";
    public const string ThaiPhone = "thai-phone";
    public const string ThaiMobile = "thai-mobile";
    public const string LineUserId = "line-user-id";
    public const string CommunityCode = "community-code";
    public const string Subject = "subject";
    public const string Date = "date";
    public const string DateTime = "date-time";
    public const string TimeOfDay = "time-of-day";
    public const string CheckInCode = "check-in-code";
    public const string ClaimCode = "claim-code";
    public const string Money = "money";
    public const string IdempotencyKey = "idempotency-key";
    public const string Text = "text";
    public const string WholeNumber = "whole-number";
    public const string Number = "number";
    public const string Id = "id";

    public static IReadOnlyList<string> All { get; } = typeof(FieldFormats)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();
}

/// <summary>The calendars a <see cref="FieldErrorCodes.WrongCalendar"/> error names.</summary>
public static class FieldCalendars
{
    /// <summary>Years people type (fiscal years, report years): B.E. (พ.ศ.).</summary>
    public const string BuddhistEra = "buddhist-era";

    /// <summary>Dates in ISO 8601 (<c>yyyy-MM-dd</c>), as the API exchanges them: C.E.</summary>
    public const string CommonEra = "common-era";
}
