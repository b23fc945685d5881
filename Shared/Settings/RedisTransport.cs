using System.Net;
using StackExchange.Redis;

namespace PryvBus.Shared.Settings;

/// <summary>Whether a Redis connection crosses the network in clear text.</summary>
public static class RedisTransport
{
    /// <summary>
    /// The endpoints of the StackExchange.Redis <paramref name="configuration"/> off loopback, when the connection is not
    /// TLS; empty otherwise. Only the text is parsed: nothing is read or resolved.
    /// </summary>
    public static IReadOnlyList<string> ClearTextEndpoints(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        return options.Ssl ? [] : [.. options.EndPoints.Where(e => !OnLoopback(e)).Select(Format)];
    }

    private static bool OnLoopback(EndPoint endpoint) => endpoint switch
    {
        IPEndPoint ip => IPAddress.IsLoopback(ip.Address),
        DnsEndPoint dns => string.Equals(dns.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(dns.Host, out var address) && IPAddress.IsLoopback(address)),
        _ => endpoint.AddressFamily == System.Net.Sockets.AddressFamily.Unix,
    };

    private static string Format(EndPoint endpoint) => endpoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        _ => endpoint.ToString() ?? string.Empty,
    };
}
