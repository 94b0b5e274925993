using MassTransit;
using Municipal.Messaging;
using System.Reflection;
using Xunit;

namespace Municipal.Testing;

/// <summary>Keeps <see cref="Subscriptions"/> honest: what a service consumes is what the broker topology declares for it.</summary>
public static class Topology
{
    public static IReadOnlySet<Type> ConsumedMessageTypes(Assembly service) => service.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false })
        .SelectMany(t => t.GetInterfaces())
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
        .Select(i => i.GetGenericArguments()[0])
        .ToHashSet();

    public static void AssertSubscriptionsMatchConsumers(Assembly service, string endpoint)
    {
        var consumed = ConsumedMessageTypes(service).Select(t => t.FullName).Order().ToList();
        var declared = Subscriptions.ByEndpoint[endpoint].Select(t => t.FullName).Order().ToList();
        Assert.Equal(declared, consumed);
    }
}
