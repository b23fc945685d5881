using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Follower.Agent;
using PryvBus.Follower.Settings;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// <c>pryvbus-bench agents CONFIG...</c>: several followers in one process, for fleets larger than two cores can run
/// as processes. Each follower is a full <see cref="FollowerAgent"/> (subscription, poller, sync loop, applier,
/// reporter) with its own multiplexer, so no Redis connection is shared. Runs until killed or SIGTERM.
/// </summary>
internal static class AgentHost
{
    public static async Task<int> RunAsync(IReadOnlyList<string> configPaths)
    {
        // An apply blocks a pool thread on fsync; one process per follower would give each its own threads.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, configPaths.Count + 4), io);

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Information));
        using var stop = new CancellationTokenSource();
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        var connections = new List<ConnectionMultiplexer>();
        var agents = new List<FollowerAgent>();
        foreach (var path in configPaths)
        {
            var settings = FollowerSettingsLoader.Load(path);
            var connection = await RedisInstance.ConnectAsync(settings.Redis.Configuration, "pryvbus-follower");
            connections.Add(connection);
            agents.Add(new FollowerAgent(settings, connection, null, loggerFactory));
        }

        try
        {
            await Task.WhenAll(agents.Select(a => a.RunAsync(stop.Token)));
        }
        finally
        {
            foreach (var agent in agents)
            {
                agent.Dispose();
            }

            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }

        return 0;
    }
}
