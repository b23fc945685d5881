using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PryvBus.Follower.Agent;
using PryvBus.Follower.Extensions;
using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Logging;
using PryvBus.Shared.Runtime;

// Usage: pryvbus-follower [--config PATH] [--health]
// Default: $PRYVBUS_FOLLOWER_CONFIG, else $PRYV_CONF_ROOT/config-follower/conf/config-follower.json.
// Exit codes (docs/http-and-logs.md): 0 stopped, 1 health check failed, 2 settings, 4 cannot listen (metrics), 5 other.
FollowerSettings settings;
try
{
    settings = FollowerSettingsLoader.Load(CommandLine.ConfigPath(args) ?? FollowerSettingsLoader.DefaultPath());
}
catch (SettingsException ex)
{
    // First load fails fast with every problem at once.
    await Console.Error.WriteLineAsync(ex.Message);
    return StartupFailure.Settings;
}

if (CommandLine.IsHealthCheck(args))
{
    return await HealthCheck.RunAsync(settings, Console.Out);
}

// On the thread pool while this thread builds the host (docs/performance.md, "Follower start"): open the Redis
// connection (its handshake then runs on its own), then load the crypto library the first sync verifies with.
var redisLogs = new DeferredLoggerFactory();
var redis = Task.Run(() =>
{
    var connecting = FollowerRedis.ConnectEarlyAsync(settings.Redis, redisLogs);
    CryptoWarmup.Run();
    return connecting;
});

// No defaults: neither an appsettings.json nor DOTNET_* variables shape the host or its logs.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
builder.Logging.AddPryvBusConsole();
builder.Services.AddPryvBusFollower(settings).UseEarlyRedisConnection(redis, redisLogs).AddClosedGenericServices();

// One follower in this process: it may collect the whole process once idle (docs/performance.md, "Idle RSS").
builder.Services.AddSingleton(new IdleTrim(TimeSpan.FromSeconds(2)));
using var host = builder.Build();
return await HostExit.RunAsync(host, Console.Error, "pryvbus-follower", $"the metrics port {settings.MetricsPort}");
