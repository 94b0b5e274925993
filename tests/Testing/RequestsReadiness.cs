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
}
