using System.Net;
using System.Net.Sockets;

namespace PryvBus.Leader.Api;

/// <summary>
/// The client a request counts against in <see cref="KeyAttemptLimiter"/>. The peer's address, unless the peer is a
/// trusted proxy (<c>http.trustedProxies</c>): then <c>X-Forwarded-For</c> is read from the right, skipping the
/// trusted proxies, and the first address that is not one is the client (a client cannot spoof its way past a proxy
/// that appends or sets the header). An IPv6 client counts by its /64 (one machine usually holds a whole /64); an
/// IPv4 client seen over IPv6 counts as its IPv4 address.
/// </summary>
public static class ClientAddress
{
    public const string ForwardedForHeader = "X-Forwarded-For";

    /// <summary>The client's group: what its failed attempts count against.</summary>
    public static string Of(IPAddress? peer, string? forwardedFor, IReadOnlyList<IPNetwork> trustedProxies) =>
        Resolve(peer, forwardedFor, trustedProxies) is { } client ? Group(client) : "unknown";

    /// <summary>The client's own address (what the audit trail names); null when the peer is unknown.</summary>
    public static IPAddress? Resolve(IPAddress? peer, string? forwardedFor, IReadOnlyList<IPNetwork> trustedProxies)
    {
        ArgumentNullException.ThrowIfNull(trustedProxies);
        if (peer is null)
        {
            return null;
        }

        var client = Normalize(peer);
        var hops = (forwardedFor ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = hops.Length - 1; i >= 0 && IsTrusted(client, trustedProxies); i--)
        {
            if (!IPAddress.TryParse(hops[i], out var hop))
            {
                // A hop that is not an address: the last trusted proxy is all we know for sure.
                break;
            }

            client = Normalize(hop);
        }

        return client;
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static bool IsTrusted(IPAddress address, IReadOnlyList<IPNetwork> trustedProxies) =>
        trustedProxies.Any(network => network.Contains(address));

    private static string Group(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
