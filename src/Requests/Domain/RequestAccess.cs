using Municipal.Edge;
using Municipal.ServiceDefaults;

namespace Municipal.Requests.Domain;

/// <summary>The callers the service itself stands for, and what the history says of a caller.</summary>
public static class Actors
{
    /// <summary>The service itself, e.g. when a plan project moves the requests it answers.</summary>
    public static readonly Caller System = new("system", new HashSet<string>(), null, null);

    /// <summary>The role name an Open311 client acts under (not a token role).</summary>
    public const string Open311Role = "open311";

    /// <summary>Whether a submitter subject is a LINE reporter's alias (<c>line:…</c>).</summary>
    public static bool IsLineReporter(string? subject) =>
        subject?.StartsWith(Contracts.LineReporterSubjects.Prefix, StringComparison.Ordinal) == true;

    /// <summary>A LINE reporter: the <c>line:…</c> subject the chat gave them, acting as a resident on their own requests.</summary>
    public static Caller LineReporter(string subject) => new(subject, new HashSet<string> { Roles.Resident }, null, null);

    /// <summary>An Open311 client, known by its API key.</summary>
    public static Caller Open311Client(Guid keyId) => new($"open311:{keyId}", new HashSet<string> { Open311Role }, null, null);

    /// <summary>Someone the service records without a token: a meeting's recorder, or a submitter.</summary>
    public static Caller Recorded(string? subject, params string[] roles) => new(subject, roles.ToHashSet(StringComparer.Ordinal), null, null);

    /// <summary>What the history says about who made a change, for readers who may not see subjects.</summary>
    public static string RoleNameOf(Caller caller) => ReferenceEquals(caller, System) ? "system"
        : caller.IsAdmin ? Roles.Admin
        : caller.Has(Roles.Staff) ? Roles.Staff
        : caller.IsExecutive ? Roles.Executive
        : caller.IsLeader && caller.CommunityId is not null ? Roles.CommunityLeader
        : caller.Has(Open311Role) ? Open311Role
        : Roles.Resident;
}

/// <summary>Why a caller may not submit a request as asked.</summary>
public enum SubmitRefusal
{
    None,

    /// <summary>A community leader submits for their own community only.</summary>
    NotYourCommunity,

    /// <summary>Only staff take phoned-in requests.</summary>
    PhoneIntakeIsStaffOnly,
}

/// <summary>
/// The object-level rules: who may submit, who may see a request, who works it, and who may see its submitter's contact.
/// </summary>
public static class RequestAccess
{
    /// <summary>
    /// Residents, leaders, staff and admins submit (the route's policy); a leader (even one whose token lacks its
    /// community claim) only for their own community; a phoned-in request only staff take down.
    /// </summary>
    public static SubmitRefusal MaySubmit(Caller caller, Guid communityId, RequestChannel channel)
    {
        if (caller.IsLeader && !caller.IsStaff && !caller.LeadsCommunity(communityId))
        {
            return SubmitRefusal.NotYourCommunity;
        }

        return channel == RequestChannel.Phone && !caller.IsStaff ? SubmitRefusal.PhoneIntakeIsStaffOnly : SubmitRefusal.None;
    }

    /// <summary>Who a submission is from: the resident who phoned, as staff took it down, or else the caller.</summary>
    public static Submitter SubmitterOf(RequestSubmission submission, Caller caller) =>
        submission.ChannelOrDefault == RequestChannel.Phone ? submission.PhoneSubmitter() : new Submitter(caller.Subject);

    /// <summary>
    /// Officials see every request; a leader sees every request of their community; anyone sees what they
    /// submitted themselves.
    /// </summary>
    public static bool CanSee(Caller caller, ServiceRequest request) =>
        caller.IsOfficial
        || LeadsItsCommunity(caller, request)
        || IsSubmitter(caller, request);

    /// <summary>The caller leads the request's community (an unplaced request has none yet).</summary>
    public static bool LeadsItsCommunity(Caller caller, ServiceRequest request) =>
        request.CommunityId is { } community && caller.LeadsCommunity(community);

    public static bool IsSubmitter(Caller caller, ServiceRequest request) =>
        caller.Subject is not null && request.SubmitterSubject == caller.Subject;

    /// <summary>
    /// Staff record the answer about a fix that a resident who phoned the request in gives by phone: they have no sign-in
    /// to answer with, and the question they get tells them to call.
    /// </summary>
    public static bool MayRelayAnswer(Caller caller, ServiceRequest request) =>
        caller.IsStaff && request.Channel == RequestChannel.Phone && request.SubmitterSubject is null;

    /// <summary>
    /// Admins work every request; staff without a division claim (the intake desk) too; staff of a division
    /// work the requests routed to it.
    /// </summary>
    public static bool CanWork(Caller caller, ServiceRequest request) =>
        caller.IsAdmin || (caller.IsStaff && (caller.Division is null || caller.Division == request.DivisionCode));

    /// <summary>Names and phone numbers of submitters: officials and the submitter themself.</summary>
    public static bool CanSeeContact(Caller caller, ServiceRequest request) => caller.IsOfficial || IsSubmitter(caller, request);

    /// <summary>Photos are added by the submitter, the community's leader, or staff who work the request.</summary>
    public static bool CanAddPhotos(Caller caller, ServiceRequest request) =>
        IsSubmitter(caller, request) || LeadsItsCommunity(caller, request) || CanWork(caller, request);

    /// <summary>The part the caller plays in this request's workflow.</summary>
    public static Party PartyOf(Caller caller, ServiceRequest request) =>
        (CanWork(caller, request) ? Party.Worker : Party.None)
        | (IsSubmitter(caller, request) ? Party.Submitter : Party.None);
}
