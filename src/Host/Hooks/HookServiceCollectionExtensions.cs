using DuckDuckGoose.Host.Leadership;
using DuckDuckGoose.Host.Metrics;
using DuckDuckGoose.Host.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DuckDuckGoose.Host.Hooks;

/// <summary>Registers the role hooks.</summary>
public static class HookServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RoleHookRunner"/> (readable from the services for its <see cref="RoleHookRunner.Status"/>)
    /// as a hosted service, with <see cref="ShellHookProcessRunner"/> unless another
    /// <see cref="IHookProcessRunner"/> is registered. Call it after <see cref="LeadershipServiceCollectionExtensions.AddNodeLeadership"/>.
    /// </summary>
    public static IServiceCollection AddRoleHooks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IHookProcessRunner, ShellHookProcessRunner>();
        services.AddSingleton(sp => new RoleHookRunner(
            sp.GetRequiredService<INodeLeadership>(),
            sp.GetRequiredService<IHookProcessRunner>(),
            sp.GetRequiredService<IOptions<NodeOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RoleHookRunner>>(),
            metrics: sp.GetService<NodeMetrics>()));
        services.AddHostedService(sp => sp.GetRequiredService<RoleHookRunner>());
        return services;
    }
}
