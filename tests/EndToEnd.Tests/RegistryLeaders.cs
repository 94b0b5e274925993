using Municipal.Testing;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.EndToEnd.Tests;

/// <summary>
/// Leaders as the services honour them: a person of the registry with the token's subject, holding an office in the
/// community (registered through Communities), and a token Requests' copy of the registry vouches for.
/// </summary>
public static class RegistryLeaders
{
    private static readonly string Clerk = TestTokens.For("e2e-registry-clerk", ["staff"]);

    /// <summary>Registers the person and their current office, waits until Requests vouches for them, and gives their token.</summary>
    public static async Task<string> TokenAsync(HttpClient gateway, string subject, Guid community)
    {
        var person = await PostAsync(gateway, "/api/communities/people", new
        {
            title = "นาย", firstNameTh = "ผู้นำ", lastNameTh = "ชุมชนทดสอบ", preferredChannel = "in-app", language = "th", subject,
        });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await PostAsync(gateway, "/api/communities/offices", new
        {
            personId = person.GetProperty("id").GetGuid(),
            role = "committee-member",
            communityId = community,
            startDate = today.AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        var token = TestTokens.For(subject, ["community-leader"], community: community);
        await RequestsReadiness.KnowsCommunityAsync(gateway, community);
        await RequestsReadiness.VouchesForLeaderAsync(gateway, token, community);
        return token;
    }

    private static async Task<JsonElement> PostAsync(HttpClient gateway, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Clerk);
        using var response = await gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path} gave {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}
