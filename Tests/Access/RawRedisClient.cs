using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PryvBus.Tests.Access;

/// <summary>
/// One command on a fresh plain socket, authenticated as a user: no client library in between that would add, retry
/// or hide commands, and a command that changes the connection's mode (<c>MONITOR</c>, <c>SUBSCRIBE</c>) cannot
/// disturb the next one.
/// </summary>
internal static class RawRedisClient
{
    /// <summary>The first line of the server's reply to <paramref name="command"/> (e.g. <c>-NOPERM …</c>).</summary>
    public static async Task<string> SendAsync(int port, string user, string password, IReadOnlyList<string> command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await using var stream = client.GetStream();
        stream.ReadTimeout = 5000;
        await stream.WriteAsync(Encode(["AUTH", user, password]));
        var auth = await ReadLineAsync(stream);
        if (!auth.StartsWith("+OK", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"AUTH as {user} failed: {auth}");
        }

        await stream.WriteAsync(Encode(command));
        return await ReadLineAsync(stream);
    }

    private static byte[] Encode(IReadOnlyList<string> words)
    {
        var text = new StringBuilder().Append('*').Append(words.Count).Append("\r\n");
        foreach (var word in words)
        {
            text.Append('$').Append(Encoding.UTF8.GetByteCount(word)).Append("\r\n").Append(word).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var line = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one, timeout.Token) == 1)
        {
            if (one[0] == '\n' && line.Count > 0 && line[^1] == '\r')
            {
                return Encoding.UTF8.GetString([.. line[..^1]]);
            }

            line.Add(one[0]);
        }

        return Encoding.UTF8.GetString([.. line]);
    }
}
