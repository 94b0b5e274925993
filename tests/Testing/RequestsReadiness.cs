using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Testing;

/// <summary>
/// Requests accepts requests only for communities the registry announced (CommunityRegistered), and the
/// announcement travels through RabbitMQ after start-up: tests wait until Requests knows a community
/// instead of racing it. The public Open311 service definition lists the communities Requests knows.
/// </summary>
public static class RequestsReadiness
{
    public static Task KnowsCommunityAsync(HttpClient gateway, Guid community) =>
        Eventually.TrueAsync(async () =>
        {
            using var response = await gateway.GetAsync("/open311/v2/services/other.json");
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            var definition = await response.Content.ReadFromJsonAsync<JsonElement>();
            return definition.GetProperty("attributes")[0].GetProperty("values").EnumerateArray()
                .Any(v => v.GetProperty("key").GetString() == community.ToString());
        }, TimeSpan.FromSeconds(60), "Requests to know the community");

    /// <summary>
    /// Waits until Requests' copy of the registry vouches for a leader's token (the person and their office travel
    /// through RabbitMQ after Communities saved them). The probe takes nothing in: a leader may not take a phoned-in
    /// request, so Requests answers <c>not-your-community</c> while it does not know them as the community's leader
    /// and <c>phone-intake-staff-only</c> once it does.
    /// </summary>
    public static Task VouchesForLeaderAsync(HttpClient gateway, string leaderToken, Guid community) =>
        Eventually.TrueAsync(async () =>
        {
            using var probe = new HttpRequestMessage(HttpMethod.Post, "/api/requests")
            {
                Content = JsonContent.Create(new
                {
                    communityId = community,
                    category = "other",
                    title = "ตรวจสิทธิ์ผู้นำชุมชน",
                    description = "ตรวจว่าทะเบียนรับรองผู้นำ",
                    channel = "phone",
                    submitter = new { name = "ผู้ทดสอบ", phone = "0812345678" },
                }),
            };
            probe.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", leaderToken);
            using var response = await gateway.SendAsync(probe);
            var body = await response.Content.ReadAsStringAsync();
            return response.StatusCode == System.Net.HttpStatusCode.Forbidden && body.Contains("urn:municipal:problem:phone-intake-staff-only", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60), "Requests to vouch for the leader");
}
