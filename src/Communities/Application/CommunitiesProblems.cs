using Municipal.ServiceDefaults.Problems;

namespace Municipal.Communities.Application;

/// <summary>The registry's own kinds of refusal (docs/communities.md, "Problem kinds").</summary>
public static class CommunitiesProblems
{
    /// <summary>409: another community has the code; extension <c>code</c>.</summary>
    public static readonly ProblemType CommunityCodeTaken = new("community-code-taken", 409, "The code is taken.");

    /// <summary>422: the community named (<c>mergedInto</c>, <c>communityId</c>) is not in the registry.</summary>
    public static readonly ProblemType UnknownCommunity = new("unknown-community", 422, "No such community.");

    /// <summary>422: a merged or dissolved community takes no new office; extension <c>status</c>.</summary>
    public static readonly ProblemType CommunityNotActive = new("community-not-active", 422, "The community is not active.");

    /// <summary>422: the division named is not in the registry.</summary>
    public static readonly ProblemType UnknownDivision = new("unknown-division", 422, "No such division.");

    /// <summary>422: the person named is not in the registry, or was erased; extension <c>erased</c>.</summary>
    public static readonly ProblemType UnknownPerson = new("unknown-person", 422, "No such person.");

    /// <summary>409: another person carries this sign-in subject.</summary>
    public static readonly ProblemType SubjectTaken = new("subject-taken", 409, "The sign-in subject is taken.");

    /// <summary>409: an erased person's record cannot be changed.</summary>
    public static readonly ProblemType PersonErased = new("person-erased", 409, "The person was erased.");

    /// <summary>403: a person changes only their own contact details and preferences; extension <c>fields</c>.</summary>
    public static readonly ProblemType ContactAndPreferencesOnly = new("contact-and-preferences-only", 403, "Only contact details and preferences.");

    /// <summary>409: a term shares a day with another of the same seat; extensions <c>conflictingOfficeId</c> and <c>holder</c>.</summary>
    public static readonly ProblemType OfficeClash = new("office-clash", 409, "The term clashes with another.");

    /// <summary>409: a term is not given a later last day; extension <c>endDate</c> (its current last day).</summary>
    public static readonly ProblemType TermNotExtended = new("term-not-extended", 409, "A term is not extended.");

    /// <summary>422: an all-or-nothing import with bad rows wrote nothing; extension <c>rows</c> (line and reasons of each).</summary>
    public static readonly ProblemType ImportBadRows = new("import-bad-rows", 422, "The file has bad rows; nothing was imported.");

    /// <summary>409: the signed-in account is linked to a person already.</summary>
    public static readonly ProblemType AlreadyLinked = new("already-linked", 409, "Your account is linked to a person already.");

    /// <summary>409: no code was asked for by this account, or it expired or was used up: ask for a new one.</summary>
    public static readonly ProblemType NoPendingClaim = new("no-pending-claim", 409, "No code is waiting for your account.");

    /// <summary>422: the code typed is not the one sent; extension <c>attemptsLeft</c>.</summary>
    public static readonly ProblemType ClaimCodeWrong = new("claim-code-wrong", 422, "The code is not right.");

    /// <summary>409: the registry changed during the import, which wrote nothing.</summary>
    public static readonly ProblemType ImportRaced = new("import-raced", 409, "The registry changed during the import.");
}
