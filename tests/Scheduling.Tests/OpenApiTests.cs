using Municipal.Testing;

namespace Municipal.Scheduling.Tests;

public sealed class OpenApiTests(SchedulingFactory factory) : IClassFixture<SchedulingFactory>
{
    [Fact]
    public async Task Every_operation_has_a_summary_a_tag_and_its_error_responses()
    {
        using var client = factory.CreateClient();
        await OpenApiAssert.EveryOperationIsDocumentedAsync(client, "/api/scheduling/openapi/v1.json");
    }
}
