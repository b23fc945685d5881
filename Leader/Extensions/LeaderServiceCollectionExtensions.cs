using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Api;
using PryvBus.Leader.Access;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Rollout;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Values;
using PryvBus.Leader.Watching;
using PryvBus.Shared.Logging;
using StackExchange.Redis;

namespace PryvBus.Leader.Extensions;

public static class LeaderServiceCollectionExtensions
{
    /// <summary>
    /// Registers the leader: settings (loaded now, failing fast), one Redis multiplexer, the ACL provisioner, the
    /// pipeline and its loop, and the API's failed-key limiter.
    /// </summary>
    public static IServiceCollection AddPryvBusLeader(this IServiceCollection services, string configPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => new SettingsProvider(configPath, sp.GetRequiredService<ILogger<SettingsProvider>>()));
        services.AddSingleton<IConnectionMultiplexer>(sp =>
            ConnectionMultiplexer.Connect(sp.GetRequiredService<SettingsProvider>().Current.Redis.ToOptions()
                .WithLogging(sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton(sp =>
        {
            var metrics = new LeaderMetrics();
            metrics.TrackFollowers(
                () => sp.GetRequiredService<SettingsProvider>().Current,
                sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<ILogger<Status.ConvergenceReader>>());
            return metrics;
        });
        services.AddSingleton(sp => new PlatformPipeline(
            sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<ILogger<PlatformPipeline>>(),
            metrics: sp.GetRequiredService<LeaderMetrics>()));
        services.AddSingleton(sp => new AclProvisioner(
            sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<ILogger<AclProvisioner>>()));
        services.AddSingleton(sp =>
        {
            // Read at start: a changed limit applies after a restart.
            var http = sp.GetRequiredService<SettingsProvider>().Current.Http;
            return new KeyAttemptLimiter(http.FailedKeyLimit, TimeSpan.FromSeconds(http.FailedKeyWindowSeconds), http.TrustedProxies);
        });
        services.AddSingleton(sp => new OperatorDirectory(
            () => sp.GetRequiredService<SettingsProvider>().Current.UsersFile, sp.GetRequiredService<ILogger<OperatorDirectory>>()));
        services.AddSingleton(sp =>
        {
            var accounts = sp.GetRequiredService<SettingsProvider>().Current.Accounts;
            return new LoginGuard(
                sp.GetRequiredService<OperatorDirectory>(), accounts.FailedLoginLimit,
                TimeSpan.FromSeconds(accounts.FailedLoginWindowSeconds), TimeSpan.FromSeconds(accounts.LockoutSeconds));
        });
        services.AddSingleton<IAuditTrail>(sp => new RedisAuditTrail(
            sp.GetRequiredService<IConnectionMultiplexer>(), () => sp.GetRequiredService<SettingsProvider>().Current,
            sp.GetRequiredService<ILogger<RedisAuditTrail>>(), sp.GetRequiredService<LeaderMetrics>().AuditWriteFailed));
        services.TryAddSingleton<IAuditTrail, NullAuditTrail>();
        services.AddSingleton<RenderTriggers>();
        services.AddSingleton<RenderHistory>();
        services.AddSingleton<ValueUsages>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<SettingsProvider>();
            return new ValueService(settings.ConfigPath, settings.Current.StateDirectory, settings.Environment, sp.GetRequiredService<PlatformPipeline>(),
                sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<IAuditTrail>(), settings, sp.GetRequiredService<RenderHistory>(),
                sp.GetRequiredService<ILogger<ValueService>>());
        });
        services.AddHostedService(sp => new SampleAclGuard(
            sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<SettingsProvider>().Current, sp.GetRequiredService<ILogger<SampleAclGuard>>()));
        services.AddHostedService(sp => new SettingsEditRecorder(
            sp.GetRequiredService<SettingsProvider>(), sp.GetRequiredService<IAuditTrail>(), sp.GetRequiredService<RenderHistory>()));
        services.AddHostedService<LeaderService>();
        services.AddHostedService(sp => new RolloutService(
            sp.GetRequiredService<SettingsProvider>(), sp.GetRequiredService<IConnectionMultiplexer>(),
            sp.GetRequiredService<ILogger<RolloutService>>(), sp.GetRequiredService<LeaderMetrics>()));
        return services;
    }
}
