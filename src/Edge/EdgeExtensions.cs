using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Municipal.Messaging.Persistence;

namespace Municipal.Edge;

public static class EdgeExtensions
{
    /// <summary>Registers the edge kit's services for a service's DbContext (the <c>Idempotency-Key</c> flow).</summary>
    public static IServiceCollection AddEdgeKit<TContext>(this IServiceCollection services) where TContext : ServiceDbContext
    {
        services.TryAddScoped<IdempotentCreates<TContext>>();
        return services;
    }
}
