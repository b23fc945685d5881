using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// Redis <c>MONITOR</c> on its own connection (the client library does not speak it): every command the server runs,
/// with the client that sent it, in the order the server ran them.
/// </summary>
internal sealed partial class RedisMonitor : IAsyncDisposable
{
    private readonly TcpClient _client = new();
    private readonly ConcurrentQueue<(string Client, string[] Args)> _commands = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reading;

    public IReadOnlyList<(string Client, string[] Args)> Commands => [.. _commands];

    public static async Task<RedisMonitor> StartAsync(int port)
    {
        var monitor = new RedisMonitor();
        await monitor._client.ConnectAsync(IPAddress.Loopback, port);
        var stream = monitor._client.GetStream();
        await stream.WriteAsync("MONITOR\r\n"u8.ToArray());
        var reader = new StreamReader(stream, Encoding.UTF8);
        var ok = await reader.ReadLineAsync();
        if (ok != "+OK")
        {
            throw new InvalidOperationException($"MONITOR answered {ok}");
        }

        monitor._reading = monitor.ReadAsync(reader);
        return monitor;
    }

    private async Task ReadAsync(StreamReader reader)
    {
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                // 1700000000.123456 [0 127.0.0.1:45678] "GET" "key"
                var match = LineRegex().Match(line);
                if (match.Success)
                {
                    var args = ArgRegex().Matches(match.Groups[2].Value).Select(m => Regex.Unescape(m.Groups[1].Value)).ToArray();
                    _commands.Enqueue((match.Groups[1].Value, args));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    /// <summary>
    /// Commands of the client that writes the status hash <paramref name="statusKey"/> (a follower's interactive
    /// connection), names upper-cased; empty until that client has written it.
    /// </summary>
    public List<string[]> CommandsOfStatusWriter(string statusKey)
    {
        var commands = Commands;
        var client = commands.FirstOrDefault(c => IsStatus(Upper(c.Args), statusKey)).Client;
        return client is null ? [] : commands.Where(c => c.Client == client).Select(c => Upper(c.Args)).ToList();
    }

    private static bool IsStatus(string[] command, string statusKey) =>
        command.Length > 1 && command[0] is "HSET" or "HMSET" && command[1] == statusKey;

    private static string[] Upper(string[] args) => args.Length == 0 ? args : [args[0].ToUpperInvariant(), .. args[1..]];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        if (_reading is not null)
        {
            await _reading;
        }

        _stop.Dispose();
    }

    [GeneratedRegex(@"^\S+ \[\d+ ([^\]]+)\] (.*)$")]
    private static partial Regex LineRegex();

    [GeneratedRegex(@"""((?:[^""\\]|\\.)*)""")]
    private static partial Regex ArgRegex();
}
