using System.Collections.Concurrent;
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
/// subscription receives the same message. Given a parser, it stamps other messages that announce a role and serial
/// (the client-cost stand-in's bare serials).
/// </summary>
internal sealed class EventClock : IDisposable
{
    private readonly RespConnection _connection;
    private readonly Thread _reader;
    private readonly ConcurrentDictionary<(string Role, long Serial), TaskCompletionSource<long>> _arrivals = new();
    private readonly Func<string, (string Role, long Serial)?> _announced;
    private Exception? _failure;

    private EventClock(RespConnection connection, Func<string, (string Role, long Serial)?> announced)
    {
        _connection = connection;
        _announced = announced;
        _reader = new Thread(Read) { IsBackground = true, Name = "event clock" };
    }

    /// <summary>Subscribes (its confirmation read before this returns), then reads the channel on a thread of its own.</summary>
    public static EventClock Start(EndPoint endpoint, RedisChannel channel) => Start(endpoint, channel, Config);

    /// <summary>
    /// <see cref="Start(EndPoint, RedisChannel)"/> for messages of another form (the client-cost stand-in's bare serials):
    /// <paramref name="announced"/> says what each announces.
    /// </summary>
    /// <param name="endpoint">The Redis the channel is on.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="announced">What a message announces (role and serial); null for a message that announces nothing.</param>
    public static EventClock Start(EndPoint endpoint, RedisChannel channel, Func<string, (string Role, long Serial)?> announced)
    {
        var connection = RespConnection.Connect(endpoint);
        var name = channel.ToString();
        var clock = new EventClock(connection, announced);
        try
        {
            connection.Send(["SUBSCRIBE", name]);
            var (kind, _) = clock.Next();
            if (kind != "subscribe")
            {
                throw new InvalidOperationException($"SUBSCRIBE {name} answered {kind}");
            }
        }
        catch
        {
            connection.Dispose();
            throw;
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
            while (true)
            {
                var (kind, payload) = Next();
                if (kind == "message" && _announced(payload) is { } announced)
                {
                    Arrival(announced.Role, announced.Serial).TrySetResult(_connection.LastReceived);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or EndOfStreamException)
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

    /// <summary>A PryvBus config event's role and serial.</summary>
    private static (string Role, long Serial)? Config(string payload) =>
        EventParser.Parse(payload).Event is ConfigEvent announced ? (announced.Role, announced.Serial) : null;

    /// <summary>
    /// The next push message (an array of three: kind, channel, payload or count): its kind and its last element. Its
    /// arrival is when the read that completed it returned (<see cref="RespConnection.LastReceived"/>).
    /// </summary>
    private (string Kind, string Payload) Next() =>
        _connection.Read() is object?[] { Length: 3 } message
            ? (Text(message[0]), Text(message[2]))
            : throw new InvalidDataException("the event clock's connection received something else than a message");

    private static string Text(object? item) => item switch
    {
        byte[] bulk => Encoding.UTF8.GetString(bulk),
        string line => line,
        _ => throw new InvalidDataException("the event clock's connection received a message item that is not text"),
    };

    public void Dispose()
    {
        _connection.Dispose();
        if (_reader.IsAlive)
        {
            _reader.Join();
        }
    }
}
