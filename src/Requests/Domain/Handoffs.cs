using Municipal.ServiceDefaults.Problems;
using Municipal.Edge;

namespace Municipal.Requests.Domain;

/// <summary>
/// An officer of a division: staff whose token carries that <c>division</c> claim. The roster is learned from the
/// officers themselves (they join it from the board, <c>PUT /api/requests/officers/me</c>): Requests knows no staff
/// directory of its own, and a token is what says who is of which division.
/// </summary>
public sealed class Officer
{
    public const int NameMaxLength = 200;

    private Officer()
    {
    }

    public string Subject { get; private set; } = "";

    public string? Name { get; private set; }

    public string DivisionCode { get; private set; } = "";

    public DateTimeOffset SeenAt { get; private set; }

    public static Officer Join(string subject, string? name, string divisionCode, DateTimeOffset now) => new()
    {
        Subject = subject,
        Name = Trimmed(name),
        DivisionCode = divisionCode,
        SeenAt = now,
    };

    /// <summary>Their name or division changed since (a new token): the roster follows the token.</summary>
    public void Refresh(string? name, string divisionCode, DateTimeOffset now)
    {
        Name = Trimmed(name);
        DivisionCode = divisionCode;
        SeenAt = now;
    }

    private static string? Trimmed(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : name.Trim().Length > NameMaxLength ? name.Trim()[..NameMaxLength] : name.Trim();
}

/// <summary>Why a hand-off is refused.</summary>
public enum HandoffRefusal
{
    None,

    /// <summary>The caller does not work the request (403 <c>not-your-work</c>).</summary>
    NotYourWork,

    /// <summary>Closed, resolved, rejected, a duplicate, or in a plan project: nothing to hand over (409 <c>request-not-open</c>).</summary>
    NotOpen,

    /// <summary>Re-routed to the division that holds it (409 <c>same-division</c>).</summary>
    SameDivision,
}

/// <summary>
/// Hand-offs: staff who work a request (its division's staff, the intake desk, admins) re-route it to another division
/// with a reason, and assign it to an officer of its division; both while it is still the division's work (submitted,
/// triaged, in progress, needs budget). A request proposed for the plan belongs to its plan project.
/// </summary>
public static class HandoffRules
{
    public const int ReasonMaxLength = 1000;

    public static bool IsHandedOver(RequestStatus status) =>
        status is RequestStatus.Submitted or RequestStatus.Triaged or RequestStatus.InProgress or RequestStatus.NeedsBudget;

    public static HandoffRefusal MayReroute(Caller caller, ServiceRequest request, string toDivision) =>
        !RequestAccess.CanWork(caller, request) ? HandoffRefusal.NotYourWork
        : !IsHandedOver(request.Status) ? HandoffRefusal.NotOpen
        : toDivision == request.DivisionCode ? HandoffRefusal.SameDivision
        : HandoffRefusal.None;

    public static HandoffRefusal MayAssign(Caller caller, ServiceRequest request) =>
        !RequestAccess.CanWork(caller, request) ? HandoffRefusal.NotYourWork
        : !IsHandedOver(request.Status) ? HandoffRefusal.NotOpen
        : HandoffRefusal.None;

    /// <summary>Only staff (and admins) read and write internal notes; nobody else learns they exist.</summary>
    public static bool MayUseNotes(Caller caller) => caller.IsStaff;
}

/// <summary>
/// A staff-only note on a request: what officers tell each other. Never in a public view, Open311, the history, or
/// any notice; the submitter, leaders and executives never see it.
/// </summary>
public sealed class RequestNote
{
    public const int TextMaxLength = 2000;

    private RequestNote()
    {
    }

    public Guid Id { get; private set; }

    public Guid RequestId { get; private set; }

    public string Text { get; private set; } = "";

    public string? AuthorSubject { get; private set; }

    public string? AuthorName { get; private set; }

    public DateTimeOffset At { get; private set; }

    public static Dictionary<string, FieldError[]> Validate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? new() { ["text"] = [FieldError.Required("Write the note.")] }
        : text.Length > TextMaxLength ? new() { ["text"] = [FieldError.TooLong(TextMaxLength, $"A note may have at most {TextMaxLength} characters.")] }
        : [];

    public static RequestNote Write(Guid requestId, string text, string? authorSubject, string? authorName, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        RequestId = requestId,
        Text = text.Trim(),
        AuthorSubject = authorSubject,
        AuthorName = string.IsNullOrWhiteSpace(authorName) ? null : authorName.Trim()[..Math.Min(authorName.Trim().Length, Officer.NameMaxLength)],
        At = now,
    };

    public void EraseAuthor()
    {
        AuthorSubject = null;
        AuthorName = null;
    }

    /// <summary>The submitter was erased: contact details staff typed into the note (a number to call back) are masked.</summary>
    public void MaskText() => Text = PersonalData.Mask(Text);
}
