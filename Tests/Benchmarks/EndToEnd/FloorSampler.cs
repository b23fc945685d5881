using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Shared.Native;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// One sample at a time of each piece of the floor of a change (<see cref="FloorBench"/>): a Redis round trip
/// (<c>PING</c>), a publish reaching a subscriber (two connections, as leader and follower), and a 600 B file made
/// durable the way a follower writes one (write, fsync, rename; then the folder's fsync). Taken in loops for the floor,
/// or one of each between two changes, as a change reaches a machine.
/// </summary>
internal sealed class FloorSampler : IAsyncDisposable
{
    private static readonly byte[] Content = new byte[600];
    private static readonly byte[] Ping = "PING\r\n"u8.ToArray();
    private static readonly byte[] Pong = "+PONG\r\n"u8.ToArray();
    private readonly ConnectionMultiplexer _publisher;
    private readonly ConnectionMultiplexer _subscriber;
    private readonly RedisChannel _channel;
    private readonly ChannelMessageQueue _queue;
    private readonly string _folder;
    private readonly Socket _raw;
    private readonly byte[] _answer = new byte[16];

    private FloorSampler(ConnectionMultiplexer publisher, ConnectionMultiplexer subscriber, RedisChannel channel, ChannelMessageQueue queue, string folder, Socket raw)
    {
        (_publisher, _subscriber, _channel, _queue, _folder, _raw) = (publisher, subscriber, channel, queue, folder, raw);
    }

    /// <param name="redis">The Redis the round trips and publishes go to.</param>
    /// <param name="name">The folder its file is written in, below the benchmark's work folder (or a full path).</param>
    public static async Task<FloorSampler> CreateAsync(RedisInstance redis, string name)
    {
        var publisher = await RedisInstance.ConnectAsync(redis.Endpoint, "floor-publisher");
        var subscriber = await RedisInstance.ConnectAsync(redis.Endpoint, "floor-subscriber");
        var channel = RedisChannel.Literal("floor:" + Guid.NewGuid().ToString("N"));
        var queue = await subscriber.GetSubscriber().SubscribeAsync(channel);
        var folder = Directory.CreateDirectory(Path.Combine(RepoPaths.Work, name)).FullName;
        // Connected synchronously: a socket .NET connected asynchronously stays non-blocking, its blocking calls then wait
        // on the socket engine's thread, whose CPU the calling thread's clock does not count.
        var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        raw.Connect(IPEndPoint.Parse(redis.Endpoint));
        return new FloorSampler(publisher, subscriber, channel, queue, folder, raw);
    }

    /// <summary>A <c>PING</c> answered (ms).</summary>
    public async Task<double> RoundTripAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await _publisher.GetDatabase().PingAsync();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>
    /// The CPU a round trip costs at its least: <c>PING</c> sent and <c>+PONG</c> read on a blocking socket by the calling
    /// thread, no client library (ms of that thread's CPU time, user and system).
    /// </summary>
    public double RawRoundTripCpu()
    {
        var started = ProcessCpu.ThreadSeconds();
        _raw.Send(Ping);
        var read = 0;
        while (read < Pong.Length)
        {
            var received = _raw.Receive(_answer, read, _answer.Length - read, SocketFlags.None);
            read += received > 0 ? received : throw new IOException("Redis closed the floor's connection");
        }

        var cpu = (ProcessCpu.ThreadSeconds() - started) * 1000;
        return _answer.AsSpan(0, read).SequenceEqual(Pong)
            ? cpu
            : throw new InvalidOperationException($"PING answered {System.Text.Encoding.ASCII.GetString(_answer, 0, read).TrimEnd()}");
    }

    /// <summary>A publish received by the subscriber (ms).</summary>
    public async Task<double> PublishAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await _publisher.GetDatabase().PublishAsync(_channel, "x");
        await _queue.ReadAsync();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>
    /// The file written, fsynced and renamed; then with its folder's fsync (ms); and the CPU time the calling thread spent
    /// on all of it (ms).
    /// </summary>
    public (double Write, double WithFolder, double Cpu) Write()
    {
        var cpu = ProcessCpu.ThreadSeconds();
        var started = Stopwatch.GetTimestamp();
        var temp = Path.Combine(_folder, ".file.tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Content);
            stream.Flush(flushToDisk: true);
        }

        // The file replaced is held open over the rename, as the follower holds it (ReplacedFiles): its inode is freed
        // after the timed part, not inside the rename (100–200 µs on ext4).
        var target = Path.Combine(_folder, "file.conf");
        var replaced = Libc.Open(target, Libc.PathHandle);
        try
        {
            File.Move(temp, target, overwrite: true);
            var renamed = Stopwatch.GetTimestamp();
            var fd = Libc.Open(_folder, Libc.ReadOnly);
            _ = Libc.Fsync(fd);
            _ = Libc.Close(fd);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var cpuMs = (ProcessCpu.ThreadSeconds() - cpu) * 1000;
            return (Stopwatch.GetElapsedTime(started, renamed).TotalMilliseconds, elapsed, cpuMs);
        }
        finally
        {
            if (replaced >= 0)
            {
                _ = Libc.Close(replaced); // after the timed part
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _raw.Dispose();
        await _queue.UnsubscribeAsync();
        await _subscriber.DisposeAsync();
        await _publisher.DisposeAsync();
    }
}
