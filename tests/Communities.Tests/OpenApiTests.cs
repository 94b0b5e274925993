using Municipal.Testing;

namespace Municipal.Communities.Tests;

public sealed class OpenApiTests(CommunitiesFactory factory) : IClassFixture<CommunitiesFactory>
{
    [Fact]
    public async Task Every_operation_has_a_summary_a_tag_and_its_error_responses()
    {
        using var client = factory.CreateClient();
        await OpenApiAssert.EveryOperationIsDocumentedAsync(client, "/api/communities/openapi/v1.json");
    }
}
