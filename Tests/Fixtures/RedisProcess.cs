using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// The one place a test starts <c>redis-server</c> (plain, with a configuration file, or as a sentinel) and asks a
/// port whether it answers. Output is drained so a chatty server never blocks on a full pipe.
/// </summary>
public static class RedisProcess
{
    public static Process Start(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo("redis-server") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start (is it installed?).");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The reply to an unauthenticated PING (<c>+PONG</c>, or <c>-NOAUTH…</c> when the default user is off); empty when nothing answers.</summary>
    public static string Ping(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            using var stream = client.GetStream();
            stream.Write("PING\r\n"u8);
            var buffer = new byte[128];
            var read = stream.Read(buffer, 0, buffer.Length);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (SocketException)
        {
            return string.Empty;
        }
    }

    /// <summary>True when the port answers PING with <c>+PONG</c>.</summary>
    public static bool Pongs(int port) => Ping(port).StartsWith('+');
}
