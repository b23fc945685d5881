using Microsoft.Extensions.Hosting;
using PryvBus.Follower.Extensions;
using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;

// Usage: pryvbus-follower [--config PATH] [--health]
// Default: $PRYVBUS_FOLLOWER_CONFIG, else $PRYV_CONF_ROOT/config-follower/conf/config-follower.json.
FollowerSettings settings;
try
{
    settings = FollowerSettingsLoader.Load(CommandLine.ConfigPath(args) ?? FollowerSettingsLoader.DefaultPath());
}
catch (SettingsException ex)
{
    // First load fails fast with every problem at once.
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

if (CommandLine.IsHealthCheck(args))
{
    return await HealthCheck.RunAsync(settings, Console.Out);
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
builder.Services.AddPryvBusFollower(settings);
await builder.Build().RunAsync();
return 0;
