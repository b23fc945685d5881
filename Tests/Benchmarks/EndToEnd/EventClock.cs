using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
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
    private readonly ConcurrentDictionary<(string Role, long Serial), TaskCompletionSource<long>> _arrivals = new();
    private byte[] _buffer = new byte[64 * 1024];
    private int _length;
    private Exception? _failure;
    private long _arrived;

    private EventClock(Socket socket)
    {
        _socket = socket;
        _reader = new Thread(Read) { IsBackground = true, Name = "event clock" };
    }

    /// <summary>Subscribes (its confirmation read before this returns), then reads the channel on a thread of its own.</summary>
    public static EventClock Start(EndPoint endpoint, RedisChannel channel)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Connect(endpoint);
        var name = channel.ToString();
        socket.Send(Encoding.UTF8.GetBytes($"*2\r\n$9\r\nSUBSCRIBE\r\n${Encoding.UTF8.GetByteCount(name)}\r\n{name}\r\n"));
        var clock = new EventClock(socket);
        var (kind, _) = clock.Next();
        if (kind != "subscribe")
        {
            socket.Dispose();
            throw new InvalidOperationException($"SUBSCRIBE {name} answered {kind}");
        }

        clock._reader.Start();
        return clock;
    }

    /// <summary>The Stopwatch timestamp at which the event announcing <paramref name="serial"/> of <paramref name="role"/> arrived.</summary>
    public async Task<long> ArrivalAsync(string role, long serial, TimeSpan timeout) =>
        await Arrival(role, serial).Task.WaitAsync(timeout);

    private TaskCompletionSource<long> Arrival(string role, long serial)
    {
        var arrival = _arrivals.GetOrAdd((role, serial), _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Volatile.Read(ref _failure) is { } failure)
        {
            arrival.TrySetException(failure);
        }

        return arrival;
    }

    private void Read()
    {
        try
        {
            while (Next() is var (kind, payload) && kind.Length > 0)
            {
                if (kind == "message" && EventParser.Parse(payload.Text).Event is ConfigEvent announced)
                {
                    Arrival(announced.Role, announced.Serial).TrySetResult(payload.Arrived);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Disposed, or Redis went away: whoever still waits times out.
        }
        catch (Exception ex)
        {
            // Anything unexpected on the channel fails every wait at once, with what it was.
            Volatile.Write(ref _failure, ex);
            foreach (var arrival in _arrivals.Values)
            {
                arrival.TrySetException(ex);
            }
        }
    }

    /// <summary>The next push message: its kind and its last element, with when the read that completed it returned; an empty kind when the connection closed.</summary>
    private (string Kind, (string Text, long Arrived) Payload) Next()
    {
        while (true)
        {
            if (Resp.TryMessage(_buffer.AsSpan(0, _length), out var kind, out var payload, out var used))
            {
                _buffer.AsSpan(used, _length - used).CopyTo(_buffer);
                _length -= used;
                return (kind, (payload, _arrived));
            }

            if (_length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var read = _socket.Receive(_buffer, _length, _buffer.Length - _length, SocketFlags.None);
            _arrived = Stopwatch.GetTimestamp();
            if (read == 0)
            {
                return (string.Empty, (string.Empty, 0));
            }

            _length += read;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (_reader.IsAlive)
        {
            _reader.Join();
        }
    }

    /// <summary>The push messages of a subscribed connection: arrays of three (kind, channel, payload or count).</summary>
    private static class Resp
    {
        public static bool TryMessage(ReadOnlySpan<byte> data, out string kind, out string payload, out int used)
        {
            (kind, payload, used) = (string.Empty, string.Empty, 0);
            if (!TryLine(data, 0, out var header, out var at))
            {
                return false;
            }

            if (header != "*3")
            {
                throw new InvalidDataException($"the event clock's connection received '{header}' instead of a message");
            }

            if (!TryItem(data, ref at, out kind) || !TryItem(data, ref at, out _) || !TryItem(data, ref at, out payload))
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

            if (line.StartsWith(':'))
            {
                (item, at) = (line[1..], next);
                return true;
            }

            var size = line.StartsWith('$') ? int.Parse(line.AsSpan(1), CultureInfo.InvariantCulture)
                : throw new InvalidDataException($"the event clock's connection received '{line}' inside a message");
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
