using Municipal.Testing;

namespace Municipal.Requests.Tests;

public sealed class OpenApiTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    [Fact]
    public async Task Every_operation_has_a_summary_a_tag_and_its_error_responses()
    {
        using var client = factory.CreateClient();
        await OpenApiAssert.EveryOperationIsDocumentedAsync(client, "/api/requests/openapi/v1.json");
    }
}
