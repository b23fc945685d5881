using System.Net;
using StackExchange.Redis;

namespace PryvBus.Shared.Settings;

/// <summary>Whether a Redis connection crosses the network in clear text.</summary>
public static class RedisTransport
{
    /// <summary>The endpoints of <paramref name="options"/> off loopback, when the connection is not TLS; empty otherwise.</summary>
    public static IReadOnlyList<string> ClearTextEndpoints(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
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
