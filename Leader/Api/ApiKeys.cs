using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.Api;

/// <summary>Keys presented as <c>Authorization: &lt;key&gt;</c> or <c>Authorization: Bearer &lt;key&gt;</c>, compared in constant time.</summary>
public static class ApiKeys
{
    public static string? Presented(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString().Trim();
        if (header.Length == 0)
        {
            return null;
        }

        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header;
    }

    /// <summary>The follower whose key this is; every follower is compared, so timing reveals nothing.</summary>
    public static FollowerEntry? FollowerOf(IEnumerable<FollowerEntry> followers, string key)
    {
        ArgumentNullException.ThrowIfNull(followers);
        FollowerEntry? match = null;
        foreach (var follower in followers)
        {
            if (SameKey(follower.Key, key))
            {
                match = follower;
            }
        }

        return match;
    }

    public static bool SameKey(string? expected, string? presented)
    {
        if (expected is null || presented is null)
        {
            return false;
        }

        // Hashing first gives equal lengths, so FixedTimeEquals does not leak the key's length.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
    }
}
