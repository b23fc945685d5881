using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Admission;
using PryvBus.Follower.Agent;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Checking;
using PryvBus.Follower.Compose;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Policy;
using PryvBus.Follower.Receiving;
using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Logging;
using StackExchange.Redis;

namespace PryvBus.Follower.Extensions;

/// <summary>The follower's composition root: Program.cs, the in-process tests and the benchmark's agent host all use it.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>The Redis outage shared by the sync loop, the subscription and the poller (one warning, one recovery line).</summary>
    public const string RedisOutage = "Redis";

    /// <summary>The Docker outage of the restart worker.</summary>
    public const string DockerOutage = "Docker";

    /// <summary>
    /// Registers one follower's whole graph: one multiplexer (never aborting on a server that is down), the fetch,
    /// apply and report steps, the container step (<see cref="IContainerRestarter"/>: the durable queue drained by the
    /// Docker worker with its compose step, or a logging stand-in when restarts are off), the checks on staged files
    /// (with the container step only) and one hosted service per loop. A registration
    /// made after this call replaces the one made here (a test substitutes the multiplexer or the container step).
    /// </summary>
    public static IServiceCollection AddPryvBusFollower(this IServiceCollection services, FollowerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton<IConnectionMultiplexer>(sp =>
            ConnectionMultiplexer.Connect(FollowerRedis.Options(settings.Redis, sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<FollowerMetrics>();
        services.AddSingleton<SyncSignal>();
        services.AddSingleton<StatusReporter>();
        services.AddSingleton<VersionFetcher>();
        services.AddSingleton<AdmissionGate>();
        services.AddSingleton<ConfigApplier>();
        services.AddSingleton(new ComposePolicy(settings.ComposePolicy, settings.ConfigRoot));
        services.AddKeyedSingleton(RedisOutage, (sp, _) => new BackendOutage("Redis", sp.GetRequiredService<ILogger<SerialPoller>>()));
        services.AddSingleton(sp => WithOutage<SyncLoop>(sp, RedisOutage));
        services.AddSingleton(sp => WithOutage<EventSubscription>(sp, RedisOutage));
        services.AddSingleton(sp => WithOutage<SerialPoller>(sp, RedisOutage));

        // Started in this order: the startup lines and the first sync request come before the loops.
        services.AddHostedService<FollowerStartup>();
        services.AddHostedService<SyncLoopService>();
        services.AddHostedService<EventSubscriptionService>();
        services.AddHostedService<SerialPollerService>();
        return settings.Containers is { } containers ? services.AddDockerStep(settings, containers) : services.AddSingleton<IContainerRestarter, LoggingContainerRestarter>();
    }

    /// <summary>
    /// The multiplexer is the one <paramref name="connecting"/> gives (<see cref="FollowerRedis.ConnectEarlyAsync"/>, started
    /// before the host was built): the host's logger factory is attached to <paramref name="redisLogs"/> when it is
    /// taken. Call after <see cref="AddPryvBusFollower"/>; the container disposes the multiplexer as before.
    /// </summary>
    public static IServiceCollection UseEarlyRedisConnection(this IServiceCollection services, Task<IConnectionMultiplexer> connecting, DeferredLoggerFactory redisLogs)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(connecting);
        ArgumentNullException.ThrowIfNull(redisLogs);
        return services.AddSingleton(sp =>
        {
            redisLogs.Attach(sp.GetRequiredService<ILoggerFactory>());
            return connecting.GetAwaiter().GetResult();
        });
    }

    private static IServiceCollection AddDockerStep(this IServiceCollection services, FollowerSettings settings, ContainerSettings containers)
    {
        services.AddSingleton(containers);
        services.AddSingleton(_ => new RestartQueue(new PendingRestarts(settings.ConfigRoot)));
        services.AddSingleton<IContainerRestarter>(sp => sp.GetRequiredService<RestartQueue>());
        services.AddSingleton<DockerRestarter>();
        services.AddSingleton(sp => new ComposeStep(containers, settings.ConfigRoot, sp.GetRequiredService<ILogger<ComposeStep>>()));
        services.AddSingleton<StagedChecks>();
        services.AddSingleton<HealthGate>();
        services.AddSingleton<RevertStore>();
        services.AddKeyedSingleton(DockerOutage, (sp, _) => new BackendOutage("Docker", sp.GetRequiredService<ILogger<RestartWorker>>()));
        services.AddSingleton(sp => WithOutage<RestartWorker>(sp, DockerOutage));
        services.AddHostedService<RestartWorkerService>();
        return services;
    }

    /// <summary>Builds a loop from the container, handing it the outage it shares with the loops of the same backend.</summary>
    private static T WithOutage<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(IServiceProvider sp, string outage) =>
        ActivatorUtilities.CreateInstance<T>(sp, sp.GetRequiredKeyedService<BackendOutage>(outage));
}
