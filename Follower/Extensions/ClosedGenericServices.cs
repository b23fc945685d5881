using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PryvBus.Follower.Agent;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Checking;
using PryvBus.Follower.Compose;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Receiving;
using PryvBus.Follower.Reporting;

namespace PryvBus.Follower.Extensions;

/// <summary>
/// The closed forms of the open generic services the follower's host resolves at start (<c>ILogger&lt;T&gt;</c>,
/// <c>IOptions&lt;T&gt;</c>, <c>IOptionsMonitor&lt;T&gt;</c> with their factory and cache), each built by a factory: the
/// container then finds an exact registration and constructs no generic type at run time, which in the Native AOT
/// executable goes through its type loader (docs/performance.md, "Follower start"). The same objects the open
/// registrations of Microsoft.Extensions.Logging / Options / Hosting build; a closed registration is matched before an
/// open one, whatever the order. The list is the one a start resolves (the container's call sites, traced once);
/// a type missing here still resolves through the open registration.
/// </summary>
public static class ClosedGenericServices
{
    public static IServiceCollection AddClosedGenericServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Logger<ApplicationLifetime>(services);
        Logger<FollowerStartup>(services);
        Logger<SyncLoop>(services);
        Logger<EventSubscription>(services);
        Logger<SerialPoller>(services);
        Logger<StatusReporter>(services);
        Logger<ConfigApplier>(services);
        Logger<LoggingContainerRestarter>(services);
        Logger<RestartWorker>(services);
        Logger<HealthGate>(services);
        Logger<RevertStore>(services);
        Logger<StagedChecks>(services);
        Logger<ComposeStep>(services);
        Logger<DockerRestarter>(services);
        Logger<VersionFetcher>(services);

        Options<LoggerFactoryOptions>(services);
        Options<HostOptions>(services);
        Options<ConsoleLifetimeOptions>(services);
        Monitor<LoggerFilterOptions>(services);
        Monitor<MetricsOptions>(services);
        return services;
    }

    private static void Logger<T>(IServiceCollection services) =>
        services.AddSingleton<ILogger<T>>(sp => new Logger<T>(sp.GetRequiredService<ILoggerFactory>()));

    /// <summary>As <c>AddOptions</c> registers them: the factory transient, <c>IOptions&lt;T&gt;</c> a singleton.</summary>
    private static void Options<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(IServiceCollection services)
        where T : class
    {
        services.AddTransient<IOptionsFactory<T>>(sp => new OptionsFactory<T>(
            sp.GetServices<IConfigureOptions<T>>(), sp.GetServices<IPostConfigureOptions<T>>(), sp.GetServices<IValidateOptions<T>>()));
        services.AddSingleton<IOptions<T>>(sp => new OptionsManager<T>(sp.GetRequiredService<IOptionsFactory<T>>()));
    }

    /// <summary><see cref="Options{T}"/> and the monitor with its cache, both singletons.</summary>
    private static void Monitor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(IServiceCollection services)
        where T : class
    {
        Options<T>(services);
        services.AddSingleton<IOptionsMonitorCache<T>>(_ => new OptionsCache<T>());
        services.AddSingleton<IOptionsMonitor<T>>(sp => new OptionsMonitor<T>(
            sp.GetRequiredService<IOptionsFactory<T>>(), sp.GetServices<IOptionsChangeTokenSource<T>>(), sp.GetRequiredService<IOptionsMonitorCache<T>>()));
    }
}
