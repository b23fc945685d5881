using Microsoft.Extensions.Logging;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Logging;
using StackExchange.Redis;

namespace PryvBus.Follower.Extensions;

/// <summary>The follower's one multiplexer: never aborting on a server that is down, its diagnostics demoted to debug.</summary>
public static class FollowerRedis
{
    public static ConfigurationOptions Options(RedisSettings settings, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggerFactory);

        // The .NET thread pool reads the sockets instead of the client's own pool of 10 dedicated threads: a follower
        // has two connections and little traffic, and each thread costs start time and resident memory.
        var options = settings.ToOptions().WithLogging(loggerFactory);
        options.SocketManager = SocketManager.ThreadPool;
        return options;
    }

    /// <summary>
    /// Starts connecting at once, on the calling thread until the sockets are opened (the multiplexer's creation: a few
    /// milliseconds at start); the handshake then runs on the thread pool. A server that is down gives a multiplexer that keeps retrying, as
    /// <see cref="ConnectionMultiplexer.Connect(ConfigurationOptions, TextWriter?)"/> does; any other failure (an
    /// unreadable CA certificate…) is the task's, thrown where the multiplexer is resolved.
    /// </summary>
    public static async Task<IConnectionMultiplexer> ConnectEarlyAsync(RedisSettings settings, ILoggerFactory loggerFactory) =>
        await ConnectionMultiplexer.ConnectAsync(Options(settings, loggerFactory));
}
