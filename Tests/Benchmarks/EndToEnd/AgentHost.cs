using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Extensions;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Logging;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// <c>pryvbus-bench agents CONFIG...</c>: several followers in one process, for fleets larger than two cores can run
/// as processes. Each follower is a host composed like the executable (<c>AddPryvBusFollower</c>: subscription,
/// poller, sync loop, applier, reporter) with its own multiplexer, so no Redis connection is shared. Runs until killed
/// or SIGTERM (every host stops on it).
/// </summary>
internal static class AgentHost
{
    public static async Task<int> RunAsync(IReadOnlyList<string> configPaths)
    {
        // An apply blocks a pool thread on fsync; one process per follower would give each its own threads.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, configPaths.Count + 4), io);

        var hosts = new List<IHost>();
        foreach (var path in configPaths)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
            builder.Logging.AddPryvBusConsole();
            builder.Services.AddPryvBusFollower(FollowerSettingsLoader.Load(path));
            hosts.Add(builder.Build());
        }

        try
        {
            await Task.WhenAll(hosts.Select(h => h.RunAsync()));
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Dispose();
            }
        }

        return 0;
    }
}
