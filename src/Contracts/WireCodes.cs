namespace Municipal.Contracts;

// The codes that travel inside the events, written once beside the records that carry them
// (docs/architecture.md, "Shared vocabulary"). Adding a code is fine; renaming one breaks consumers.

/// <summary>Offices a person can hold (<see cref="OfficeAssigned.Role"/>).</summary>
public static class OfficeRoleCodes
{
    public const string President = "president";
    public const string VicePresident = "vice-president";
    public const string Secretary = "secretary";
    public const string Treasurer = "treasurer";
    public const string CommitteeMember = "committee-member";
    public const string Mayor = "mayor";
    public const string DeputyMayor = "deputy-mayor";
    public const string MunicipalClerk = "municipal-clerk";
    public const string DeputyClerk = "deputy-clerk";
    public const string CouncilMember = "council-member";
    public const string DivisionHead = "division-head";

    /// <summary>The offices held in a community (its leaders), as opposed to the municipality's.</summary>
    public static readonly IReadOnlySet<string> Community = new HashSet<string>(StringComparer.Ordinal)
    {
        President, VicePresident, Secretary, Treasurer, CommitteeMember,
    };

    /// <summary>The offices of the municipality itself, and a division's head.</summary>
    public static readonly IReadOnlySet<string> Municipal = new HashSet<string>(StringComparer.Ordinal)
    {
        Mayor, DeputyMayor, MunicipalClerk, DeputyClerk, CouncilMember, DivisionHead,
    };
}

/// <summary>The channels a person is told things on (<see cref="PersonRegistered.PreferredChannel"/>).</summary>
public static class ChannelCodes
{
    public const string InApp = "in-app";
    public const string Email = "email";
    public const string Line = "line";
    public const string Sms = "sms";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { InApp, Email, Line, Sms };
}

/// <summary>How a request reached the municipality (<see cref="RequestSubmitted.Channel"/>).</summary>
public static class RequestChannelCodes
{
    public const string Web = "web";
    public const string Mobile = "mobile";
    public const string Meeting = "meeting";
    public const string Phone = "phone";
    public const string Open311 = "open311";
    public const string Line = "line";
}

/// <summary>
/// The subjects Notifications gives LINE reporters (<see cref="LineReportCompleted.ReporterSubject"/>): <c>line:</c> and
/// an opaque id. A request's submitter subject may be one; it never belongs to a sign-in account.
/// </summary>
public static class LineReporterSubjects
{
    public const string Prefix = "line:";
}
