using Municipal.Testing;

namespace Municipal.Notifications.Tests;

public sealed class OpenApiTests(NotificationsFactory factory) : IClassFixture<NotificationsFactory>
{
    [Fact]
    public async Task Every_operation_has_a_summary_a_tag_and_its_error_responses()
    {
        using var client = factory.CreateClient();
        await OpenApiAssert.EveryOperationIsDocumentedAsync(client, "/api/notifications/openapi/v1.json");
    }
}
