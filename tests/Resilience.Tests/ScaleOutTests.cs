namespace Municipal.Resilience.Tests;

/// <summary>
/// 6. Scale-out: two replicas of every service (<c>Services:Replicas=2</c>: two processes of each service behind the
/// orchestrator's proxy, competing on one queue per service, sharing one database per service and one broker).
/// The same fault tests as with one replica, and the same counts at the end.
/// </summary>
public sealed partial class FaultTests
{
    [Fact]
    public Task Scale_out_two_replicas_with_the_broker_stopped_for_20_s_amid_500_submissions_no_event_is_published_by_both_relays_and_each_is_notified_exactly_once() =>
        BrokerOutageAsync(replicas: 2);

    [Fact]
    public async Task Scale_out_two_replicas_20_rounds_of_200_concurrent_registrations_for_50_seats_never_confirm_more_than_50()
    {
        await using var system = await FaultySystem.StartAsync(replicas: 2);
        await AssertNoOverbookingAsync(system, rounds: 20);
    }
}
