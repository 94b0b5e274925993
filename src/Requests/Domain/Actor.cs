using Municipal.ServiceDefaults;

namespace Municipal.Requests.Domain;

/// <summary>Who is calling, as far as the request rules care: taken from the token at the edge.</summary>
public sealed record Actor(string? Subject, IReadOnlySet<string> Roles, Guid? CommunityId, string? DivisionCode)
{
    public static readonly Actor System = new("system", new HashSet<string>(), null, null);

    /// <summary>The role name an Open311 client acts under (not a token role).</summary>
    public const string Open311Role = "open311";

    /// <summary>An Open311 client, known by its API key.</summary>
    public static Actor Open311Client(Guid keyId) => new($"open311:{keyId}", new HashSet<string> { Open311Role }, null, null);

    public bool IsAdmin => Roles.Contains(ServiceDefaults.Roles.Admin);

    public bool IsStaff => Roles.Contains(ServiceDefaults.Roles.Staff);

    public bool IsExecutive => Roles.Contains(ServiceDefaults.Roles.Executive);

    public bool IsLeader => Roles.Contains(ServiceDefaults.Roles.CommunityLeader) && CommunityId is not null;

    /// <summary>Staff, executives and admins see every request and the submitters' contact details.</summary>
    public bool IsOfficial => IsAdmin || IsStaff || IsExecutive;

    public bool LeadsCommunity(Guid communityId) => IsLeader && CommunityId == communityId;

    /// <summary>What the history says about who made a change, for readers who may not see subjects.</summary>
    public string RoleName => ReferenceEquals(this, System) ? "system"
        : IsAdmin ? ServiceDefaults.Roles.Admin
        : IsStaff ? ServiceDefaults.Roles.Staff
        : IsExecutive ? ServiceDefaults.Roles.Executive
        : IsLeader ? ServiceDefaults.Roles.CommunityLeader
        : Roles.Contains(Open311Role) ? Open311Role
        : ServiceDefaults.Roles.Resident;
}

/// <summary>
/// The object-level rules: who may see a request, who works it, and who may see its submitter's contact.
/// </summary>
public static class RequestAccess
{
    /// <summary>
    /// Officials see every request; a leader sees every request of their community; anyone sees what they
    /// submitted themselves.
    /// </summary>
    public static bool CanSee(Actor actor, ServiceRequest request) =>
        actor.IsOfficial
        || actor.LeadsCommunity(request.CommunityId)
        || IsSubmitter(actor, request);

    public static bool IsSubmitter(Actor actor, ServiceRequest request) =>
        actor.Subject is not null && request.SubmitterSubject == actor.Subject;

    /// <summary>
    /// Admins work every request; staff without a division claim (the intake desk) too; staff of a division
    /// work the requests routed to it.
    /// </summary>
    public static bool CanWork(Actor actor, ServiceRequest request) =>
        actor.IsAdmin || (actor.IsStaff && (actor.DivisionCode is null || actor.DivisionCode == request.DivisionCode));

    /// <summary>Names and phone numbers of submitters: officials and the submitter themself.</summary>
    public static bool CanSeeContact(Actor actor, ServiceRequest request) => actor.IsOfficial || IsSubmitter(actor, request);

    /// <summary>Photos are added by the submitter, the community's leader, or staff who work the request.</summary>
    public static bool CanAddPhotos(Actor actor, ServiceRequest request) =>
        IsSubmitter(actor, request) || actor.LeadsCommunity(request.CommunityId) || CanWork(actor, request);
}
