using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Municipal.Requests.Application;
using Municipal.Requests.Domain;
using Municipal.Requests.Infrastructure;
using Municipal.Testing;

namespace Municipal.Requests.Tests;

/// <summary>A request's number is R, the fiscal year and 32 random bits of its id: two ids may share them.</summary>
public sealed class RequestNumberTests(RequestsFactory factory) : IClassFixture<RequestsFactory>
{
    [Fact]
    public async Task A_request_whose_number_is_taken_gets_another_and_the_same_one_when_it_is_taken_in_again()
    {
        var community = await factory.KnownCommunityAsync();
        var tail = Guid.NewGuid().ToString("N")[^12..]; // two ids that end alike: their numbers' tails meet
        Guid Id() => Guid.Parse(Guid.NewGuid().ToString("N")[..20] + tail);
        var (first, second) = (Id(), Id());

        async Task<string> TakeInAsync(Guid id) => await factory.WithScopeAsync(async services =>
        {
            var intake = services.GetRequiredService<RequestIntake>();
            var submission = new RequestSubmission { CommunityId = community, Category = "road", Title = "ถนนชำรุด", Description = "หลุมกลางถนน" };
            var taken = await intake.RecordAsync(submission,
                new IntakeContext(RequestChannel.Line, new Submitter("line:U-number"), Actors.LineReporter("line:U-number")) { RequestId = id },
                CancellationToken.None);
            Assert.True(taken.Succeeded, taken.Refusal?.Detail);
            return taken.Value!.Number;
        });

        var one = await TakeInAsync(first);
        var other = await TakeInAsync(second);

        Assert.EndsWith(tail[^8..].ToUpperInvariant(), one);
        Assert.NotEqual(one, other);
        var kept = await factory.WithScopeAsync(async services => await services.GetRequiredService<RequestsDbContext>().Requests
            .Where(r => r.Id == first || r.Id == second).ToDictionaryAsync(r => r.Id, r => r.Number));
        Assert.Equal(one, kept[first]);
        Assert.Equal(other, kept[second]);

        // The alternative comes from the id: the same id, taken in again where its first number is taken, gets it again.
        var probe = ServiceRequest.Submit(new RequestSubmission { CommunityId = community, Category = "road", Title = "x", Description = "y" },
            RequestCategories.Defaults.Single(c => c.Code == "road"), RequestChannel.Line, Submitter.Nobody, DateTimeOffset.UtcNow, id: second);
        probe.Renumber(1);
        Assert.Equal(other, probe.Number);
    }
}
