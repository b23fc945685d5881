using System.Globalization;
using System.Net;
using System.Text;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// <c>pryvbus-bench client-agent MODE HOST:PORT PREFIX FOLDER</c>: a stand-in follower that receives each change the
/// same way (the event on a subscription, then one transaction reading the serial and the version's files, then a status
/// write) and does the same work with it (<see cref="ClientCostWork"/>), through one of two clients: <c>library</c>,
/// StackExchange.Redis as the follower uses it (async, the events as a queue, sockets on the thread pool, the status
/// written fire-and-forget), or <c>blocking</c>, two blocking sockets read by the one thread that does everything
/// (<see cref="RespConnection"/>). Prints <c>ready</c> once subscribed; runs until killed or its standard input closes.
/// </summary>
internal static class ClientCostAgent
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        // Ends with the harness: its standard input is the harness's pipe, closed when the harness exits, killed or not.
        new Thread(() =>
        {
            Console.In.ReadToEnd();
            Environment.Exit(0);
        }) { IsBackground = true, Name = "harness watch" }.Start();

        var (mode, endpoint, prefix) = (args[0], args[1], args[2]);
        var work = new ClientCostWork(Directory.CreateDirectory(args[3]).FullName);
        if (mode == "blocking")
        {
            Blocking(IPEndPoint.Parse(endpoint), prefix, work);
        }
        else
        {
            await LibraryAsync(endpoint, prefix, work);
        }

        return 0;
    }

    private static async Task LibraryAsync(string endpoint, string prefix, ClientCostWork work)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.SocketManager = SocketManager.ThreadPool;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var db = redis.GetDatabase();
        var queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(prefix + "events"));
        Console.WriteLine("ready");
        while (true)
        {
            var serial = (long)(await queue.ReadAsync()).Message;
            var tx = db.CreateTransaction();
            var current = tx.StringGetAsync(prefix + "serial");
            var files = tx.HashGetAllAsync(prefix + "v:" + serial.ToString(CultureInfo.InvariantCulture));
            await tx.ExecuteAsync();
            work.Apply((long)await current, [.. (await files).Select(e => ((string)e.Name!, (byte[])e.Value!))]);
            db.HashSet(prefix + "status", [new HashEntry("serial", serial), new HashEntry("state", "ok")], CommandFlags.FireAndForget);
            work.Release();
        }
    }

    private static void Blocking(IPEndPoint endpoint, string prefix, ClientCostWork work)
    {
        using var events = RespConnection.Connect(endpoint);
        using var commands = RespConnection.Connect(endpoint);
        events.Send(["SUBSCRIBE", prefix + "events"]);
        _ = events.Read();
        Console.WriteLine("ready");
        while (true)
        {
            var message = (object?[])events.Read()!;
            var serial = Text(message[2]);
            commands.Send(["MULTI"], ["GET", prefix + "serial"], ["HGETALL", prefix + "v:" + serial], ["EXEC"]);
            for (var i = 0; i < 3; i++)
            {
                _ = commands.Read();
            }

            var answers = (object?[])commands.Read()!;
            var flat = (object?[])answers[1]!;
            var files = new List<(string, byte[])>(flat.Length / 2);
            for (var i = 0; i + 1 < flat.Length; i += 2)
            {
                files.Add((Text(flat[i]), (byte[])flat[i + 1]!));
            }

            work.Apply(long.Parse(Text(answers[0]), CultureInfo.InvariantCulture), files);
            commands.Send(["HSET", prefix + "status", "serial", serial, "state", "ok"]);
            _ = commands.Read();
            work.Release();
        }
    }

    private static string Text(object? bulk) => Encoding.UTF8.GetString((byte[])bulk!);
}
