using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Municipal.ServiceDefaults.Problems;

namespace Municipal.Edge;

/// <summary>
/// Entity tags and <c>If-Match</c>. A versioned resource answers a strong tag of its version (<c>"7"</c>). The rule,
/// the same in every service: a change that replaces a resource (<c>PUT</c>, <c>PATCH</c>) needs <c>If-Match</c>
/// (428 without it), so nobody overwrites what they have not seen; a command on it (<c>POST …/transitions</c>,
/// <c>…/close</c>) checks <c>If-Match</c> when it is sent, since the workflow already refuses a move from a state
/// that no longer holds. A tag that is not the current one is 412; <c>*</c> matches any version.
/// </summary>
public static class Preconditions
{
    /// <summary>The strong entity tag of a version: <c>"7"</c>.</summary>
    public static string ETagOf(int version) => $"\"{version}\"";

    public static void SetETag(this HttpResponse response, int version) => response.Headers.ETag = ETagOf(version);

    /// <summary>For <c>PUT</c> and <c>PATCH</c>: null when the change may go ahead; 428 without <c>If-Match</c>; 412 when it names another version.</summary>
    public static Refusal? RequireIfMatch(HttpRequest request, int currentVersion) =>
        request.GetTypedHeaders().IfMatch.Count == 0
            ? Refusal.Of(ProblemTypes.IfMatchRequired, detail:
                "Send the ETag you last read in If-Match, so a change made meanwhile by someone else is not overwritten.")
            : CheckIfMatch(request, currentVersion);

    /// <summary>For commands: null without <c>If-Match</c> or when it names the current version; else 412.</summary>
    public static Refusal? CheckIfMatch(HttpRequest request, int currentVersion)
    {
        var ifMatch = request.GetTypedHeaders().IfMatch;
        if (ifMatch.Count == 0)
        {
            return null;
        }

        var current = ETagOf(currentVersion);
        return ifMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || (!tag.IsWeak && tag.Tag.Equals(current, StringComparison.Ordinal)))
            ? null
            : Refusal.Stale($"The If-Match ETag is not the current one ({current}). Read it again, then repeat your change.")
                .With("currentETag", current);
    }
}
