using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Agent;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Logging;
using StackExchange.Redis;

namespace PryvBus.Follower.Extensions;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers the follower: one multiplexer (never aborting on a server that is down), the agent, its host service.</summary>
    public static IServiceCollection AddPryvBusFollower(this IServiceCollection services, FollowerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton<IConnectionMultiplexer>(sp =>
            ConnectionMultiplexer.Connect(settings.Redis.ToOptions().WithLogging(sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton(_ => FaultInjector.FromEnvironment());
        services.AddSingleton(sp => new FollowerAgent(
            settings,
            sp.GetRequiredService<IConnectionMultiplexer>(),
            null,
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<FaultInjector>()));
        services.AddHostedService<FollowerHostedService>();
        return services;
    }
}
