using DuckDuckGoose.Host.Node;

namespace DuckDuckGoose.Host.Leadership;

/// <summary>Registers <see cref="INodeLeadership"/>.</summary>
public static class LeadershipServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="NodeLeadership"/> as <see cref="INodeLeadership"/> and as a hosted service. Call it
    /// after the node's own hosted service: hosted services start in order and stop in reverse, so the
    /// leadership token is cancelled before the node stops.
    /// </summary>
    public static IServiceCollection AddNodeLeadership(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => new NodeLeadership(
            sp.GetRequiredService<NodeActor>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<NodeLeadership>>()));
        services.AddSingleton<INodeLeadership>(sp => sp.GetRequiredService<NodeLeadership>());
        services.AddHostedService(sp => sp.GetRequiredService<NodeLeadership>());
        return services;
    }
}
