using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PryvBus.Shared.Events;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// When the leader's config events reach a subscriber in the harness: a plain <c>SUBSCRIBE</c> on a blocking socket, read
/// by a thread of its own (no client library, no hand-off), each message stamped (Stopwatch) as soon as its read returns.
/// The leader publishes an event inside the transaction that stores its version, so the event reaches the followers
/// before the leader hears EXEC's answer: propagation is timed from this arrival, the moment the follower's own
/// subscription receives the same message.
/// </summary>
internal sealed class EventClock : IDisposable
{
    private readonly Socket _socket;
    private readonly Thread _reader;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<long>> _arrivals = new();

    private EventClock(Socket socket)
    {
        _socket = socket;
        _reader = new Thread(Read) { IsBackground = true, Name = "event clock" };
    }

    public static EventClock Start(EndPoint endpoint, RedisChannel channel)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(endpoint);
        var name = channel.ToString();
        socket.Send(Encoding.UTF8.GetBytes($"*2\r\n$9\r\nSUBSCRIBE\r\n${Encoding.UTF8.GetByteCount(name)}\r\n{name}\r\n"));
        var clock = new EventClock(socket);
        clock._reader.Start();
        return clock;
    }

    /// <summary>The Stopwatch timestamp at which the event announcing <paramref name="serial"/> arrived.</summary>
    public async Task<long> ArrivalAsync(long serial, TimeSpan timeout) =>
        await Arrival(serial).Task.WaitAsync(timeout);

    private TaskCompletionSource<long> Arrival(long serial) =>
        _arrivals.GetOrAdd(serial, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));

    private void Read()
    {
        var buffer = new byte[1 << 20];
        var length = 0;
        try
        {
            while (true)
            {
                var read = _socket.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
                var arrived = Stopwatch.GetTimestamp();
                if (read == 0)
                {
                    return;
                }

                length += read;
                var consumed = 0;
                while (Resp.TryMessage(buffer.AsSpan(consumed, length - consumed), out var kind, out var payload, out var used))
                {
                    consumed += used;
                    if (kind == "message" && EventParser.Parse(payload).Event is ConfigEvent announced)
                    {
                        Arrival(announced.Serial).TrySetResult(arrived);
                    }
                }

                buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
                length -= consumed;
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Disposed.
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _reader.Join();
    }

    /// <summary>The push messages of a subscribed connection: an array of three (kind, channel, payload or count).</summary>
    private static class Resp
    {
        public static bool TryMessage(ReadOnlySpan<byte> data, out string kind, out string payload, out int used)
        {
            (kind, payload, used) = (string.Empty, string.Empty, 0);
            if (!TryLine(data, 0, out var header, out var at) || header != "*3"
                || !TryItem(data, ref at, out kind) || !TryItem(data, ref at, out _) || !TryItem(data, ref at, out payload))
            {
                return false;
            }

            used = at;
            return true;
        }

        private static bool TryItem(ReadOnlySpan<byte> data, ref int at, out string item)
        {
            item = string.Empty;
            if (!TryLine(data, at, out var line, out var next))
            {
                return false;
            }

            if (line[0] == ':')
            {
                (item, at) = (line[1..], next);
                return true;
            }

            var size = int.Parse(line.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
            if (next + size + 2 > data.Length)
            {
                return false;
            }

            (item, at) = (Encoding.UTF8.GetString(data.Slice(next, size)), next + size + 2);
            return true;
        }

        private static bool TryLine(ReadOnlySpan<byte> data, int from, out string line, out int next)
        {
            var end = data[from..].IndexOf("\r\n"u8);
            (line, next) = end < 0 ? (string.Empty, 0) : (Encoding.ASCII.GetString(data.Slice(from, end)), from + end + 2);
            return end >= 0;
        }
    }
}
