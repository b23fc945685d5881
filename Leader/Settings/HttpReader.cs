using System.Net;
using System.Net.Sockets;
using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads <c>"http": { "enabled": true, "urls": ["http://127.0.0.1:7070"], "adminKey": "…", "statusKey": "…",
/// "failedKeyLimit": 10, "failedKeyWindowSeconds": 60, "trustedProxies": ["127.0.0.1"] }</c>;
/// <c>PRYVBUS_ADMIN_KEY</c> overrides the admin key and is checked like it (at least 16 characters, not a sample).
/// </summary>
internal static class HttpReader
{
    public static HttpSettings Read(SettingsSection root)
    {
        var fromEnvironment = root.Document.CredentialVariable(HttpSettings.AdminKeyVariable, HttpSettings.MinAdminKeyLength);
        var http = root.Section("http", "{ enabled, urls, adminKey, statusKey, failedKeyLimit, failedKeyWindowSeconds, trustedProxies }");
        if (http is null)
        {
            return HttpSettings.Default with { AdminKey = fromEnvironment };
        }

        var enabled = http.Flag("enabled") ?? true;
        var urls = http.Strings("urls", "URLs such as \"http://127.0.0.1:7070\"") ?? [];
        foreach (var url in urls.Where(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            http.Error("urls", $"'{SettingsKeys.Printable(url)}' is not an http:// or https:// URL");
        }

        var adminKey = http.Credential("adminKey", HttpSettings.MinAdminKeyLength);
        var statusKey = http.Credential("statusKey", HttpSettings.MinAdminKeyLength);
        var failedKeyLimit = http.WholeNumber("failedKeyLimit", 1, 10_000) ?? HttpSettings.Default.FailedKeyLimit;
        var failedKeyWindow = http.WholeNumber("failedKeyWindowSeconds", 1, 86_400) ?? HttpSettings.Default.FailedKeyWindowSeconds;
        var trustedProxies = TrustedProxies(http);
        return new HttpSettings(
            enabled, urls.Count > 0 ? urls : HttpSettings.Default.Urls, fromEnvironment ?? adminKey, statusKey, failedKeyLimit, failedKeyWindow)
        {
            TrustedProxies = trustedProxies,
        };
    }

    /// <summary>Addresses (<c>127.0.0.1</c>, <c>::1</c>) or ranges (<c>10.0.0.0/8</c>) whose X-Forwarded-For is believed.</summary>
    private static List<IPNetwork> TrustedProxies(SettingsSection http)
    {
        var result = new List<IPNetwork>();
        foreach (var entry in http.Strings("trustedProxies", "addresses or ranges such as \"127.0.0.1\" or \"10.0.0.0/8\"") ?? [])
        {
            if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/', StringComparison.Ordinal))
            {
                var single = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
                result.Add(new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (IPNetwork.TryParse(entry, out var network))
            {
                result.Add(network);
            }
            else
            {
                http.Error("trustedProxies", $"'{SettingsKeys.Printable(entry)}' is not an IP address or a range such as 10.0.0.0/8");
            }
        }

        return result;
    }
}
