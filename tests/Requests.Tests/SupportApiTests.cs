using Municipal.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Municipal.Requests.Tests;

public sealed class SupportApiTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    [Fact]
    public async Task Residents_add_their_support_once_each_instead_of_filing_again_and_a_second_time_is_409_as_the_matrix_says()
    {
        var community = await factory.KnownCommunityAsync();
        using var submitter = factory.ClientAs("resident-filer", "resident");
        var id = (await RequestsFactory.SubmitAsync(submitter, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        using var neighbour = factory.ClientAs("resident-neighbour", "resident");
        using var leader = await factory.RegistryLeaderOfAsync(community, "leader-support");

        var first = await (await neighbour.PostAsync($"/api/requests/{id}/support", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var again = await neighbour.PostAsync($"/api/requests/{id}/support", null);
        var fromLeader = await (await leader.PostAsync($"/api/requests/{id}/support", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(first.GetProperty("added").GetBoolean());
        Assert.Equal(1, first.GetProperty("supporters").GetInt32());
        var twice = await ProblemAssert.IsProblemAsync(again, Application.RequestsProblems.AlreadySupported);
        Assert.Equal(id, twice.GetProperty("requestId").GetGuid());
        Assert.Equal(2, fromLeader.GetProperty("supporters").GetInt32());

        using var anonymous = factory.CreateClient();
        var page = await anonymous.GetFromJsonAsync<JsonElement>($"/api/requests/public?community={community}");
        Assert.Equal(2, page.GetProperty("items")[0].GetProperty("supporters").GetInt32());
    }

    [Fact]
    public async Task Supporting_ones_own_a_closed_or_a_missing_request_is_refused()
    {
        var community = await factory.KnownCommunityAsync();
        using var submitter = factory.ClientAs("resident-self", "resident");
        var id = (await RequestsFactory.SubmitAsync(submitter, RequestsFactory.Drainage(community))).GetProperty("id").GetGuid();
        await ProblemAssert.IsProblemAsync(await submitter.PostAsync($"/api/requests/{id}/support", null), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await submitter.PostAsync($"/api/requests/{Guid.NewGuid()}/support", null), HttpStatusCode.NotFound);

        using var staff = factory.ClientAs("staff-support", "staff");
        Assert.Equal(HttpStatusCode.OK, (await RequestsFactory.TransitionAsync(staff, id, new { to = "rejected", note = "นอกเขต" })).StatusCode);
        using var neighbour = factory.ClientAs("resident-late", "resident");
        await ProblemAssert.IsProblemAsync(await neighbour.PostAsync($"/api/requests/{id}/support", null), HttpStatusCode.Conflict);
        using var mayor = factory.ClientAs("mayor-support", "executive");
        await ProblemAssert.IsProblemAsync(await mayor.PostAsync($"/api/requests/{id}/support", null), HttpStatusCode.Forbidden);
    }
}
