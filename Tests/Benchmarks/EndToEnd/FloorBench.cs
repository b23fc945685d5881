using System.Diagnostics;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Shared.Native;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The physical floor of a change on this machine, measured in the same run as the figures it bounds: a Redis round trip
/// (<c>PING</c>), a publish reaching a subscriber (two connections, as leader and follower), and a small file made durable
/// the way a follower writes one (600 B write, fsync, rename; then the folder's fsync). A change needs at least the publish,
/// one round trip to fetch it and one durable write: that sum is the floor.
/// </summary>
internal static class FloorBench
{
    private const int Samples = 300;
    private static readonly byte[] Content = new byte[600];

    public static async Task<FloorResult> RunAsync(RedisInstance redis)
    {
        await using var publisher = await RedisInstance.ConnectAsync(redis.Endpoint, "floor-publisher");
        await using var subscriber = await RedisInstance.ConnectAsync(redis.Endpoint, "floor-subscriber");
        var db = publisher.GetDatabase();
        var roundTrips = new List<double>();
        for (var i = 0; i < Samples + 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await db.PingAsync();
            Add(roundTrips, i, started);
        }

        var channel = RedisChannel.Literal("floor:" + Guid.NewGuid().ToString("N"));
        var queue = await subscriber.GetSubscriber().SubscribeAsync(channel);
        var publishes = new List<double>();
        for (var i = 0; i < Samples + 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await db.PublishAsync(channel, "x");
            await queue.ReadAsync();
            Add(publishes, i, started);
        }

        await queue.UnsubscribeAsync();
        var folder = Directory.CreateDirectory(Path.Combine(RepoPaths.Work, "floor")).FullName;
        var (writes, withFolder) = (new List<double>(), new List<double>());
        for (var i = 0; i < Samples + 20; i++)
        {
            var started = Stopwatch.GetTimestamp();
            WriteDurably(folder);
            var renamed = Stopwatch.GetTimestamp();
            FsyncFolder(folder);
            Add(writes, i, started, renamed);
            Add(withFolder, i, started);
        }

        return new FloorResult(new Percentiles(roundTrips), new Percentiles(publishes), new Percentiles(writes), new Percentiles(withFolder));
    }

    private static void WriteDurably(string folder)
    {
        var temp = Path.Combine(folder, ".file.tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, Path.Combine(folder, "file.conf"), overwrite: true);
    }

    private static void FsyncFolder(string folder)
    {
        var fd = Libc.Open(folder, Libc.ReadOnly);
        _ = Libc.Fsync(fd);
        _ = Libc.Close(fd);
    }

    /// <summary>The first 20 samples warm the path up and are not kept.</summary>
    private static void Add(List<double> samples, int index, long from, long? to = null)
    {
        if (index >= 20)
        {
            samples.Add(Stopwatch.GetElapsedTime(from, to ?? Stopwatch.GetTimestamp()).TotalMilliseconds);
        }
    }
}
