using System.Text.Json;

namespace PryvBus.Leader.Settings;

/// <summary>Reads <c>"http": { "enabled": true, "urls": ["http://127.0.0.1:7070"], "adminKey": "…" }</c>.</summary>
internal static class HttpReader
{
    public static HttpSettings Read(JsonElement root, SettingsErrors errors)
    {
        if (!root.TryGetProperty("http", out var http))
        {
            return HttpSettings.Default;
        }

        if (http.ValueKind != JsonValueKind.Object)
        {
            errors.Add("http", "must be an object { enabled, urls, adminKey }");
            return HttpSettings.Default;
        }

        var enabled = !http.TryGetProperty("enabled", out var flag) || flag.ValueKind != JsonValueKind.False;
        var urls = new List<string>();
        if (http.TryGetProperty("urls", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(u => u.ValueKind != JsonValueKind.String))
            {
                errors.Add("http.urls", "must be an array of URLs such as \"http://127.0.0.1:7070\"");
            }
            else
            {
                urls.AddRange(list.EnumerateArray().Select(u => u.GetString()!));
            }
        }

        foreach (var url in urls.Where(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add("http.urls", $"'{url}' is not an http:// or https:// URL");
        }

        var adminKey = SettingsLoader.OptionalString(http, "adminKey", errors, "http.");
        if (adminKey is not null && adminKey.Length < HttpSettings.MinAdminKeyLength)
        {
            errors.Add("http.adminKey", $"must be at least {HttpSettings.MinAdminKeyLength} characters (or absent: admin routes disabled)");
        }

        var statusKey = SettingsLoader.OptionalString(http, "statusKey", errors, "http.");
        if (statusKey is not null && statusKey.Length < HttpSettings.MinAdminKeyLength)
        {
            errors.Add("http.statusKey", $"must be at least {HttpSettings.MinAdminKeyLength} characters (or absent: only the admin key reads details)");
        }

        var failedKeyLimit = SettingsLoader.OptionalInt(http, "failedKeyLimit", errors, "http.") ?? HttpSettings.Default.FailedKeyLimit;
        if (failedKeyLimit is < 1 or > 10_000)
        {
            errors.Add("http.failedKeyLimit", "must be between 1 and 10000 (failed key attempts per client and window)");
        }

        var failedKeyWindow = SettingsLoader.OptionalInt(http, "failedKeyWindowSeconds", errors, "http.") ?? HttpSettings.Default.FailedKeyWindowSeconds;
        if (failedKeyWindow is < 1 or > 86_400)
        {
            errors.Add("http.failedKeyWindowSeconds", "must be between 1 and 86400");
        }

        foreach (var extra in http.EnumerateObject().Where(p => p.Name is not ("enabled" or "urls" or "adminKey" or "statusKey" or "failedKeyLimit" or "failedKeyWindowSeconds")))
        {
            errors.Add("http." + extra.Name, "unknown field (expected enabled, urls, adminKey, statusKey, failedKeyLimit, failedKeyWindowSeconds)");
        }

        return new HttpSettings(enabled, urls.Count > 0 ? urls : HttpSettings.Default.Urls, adminKey, statusKey, failedKeyLimit, failedKeyWindow);
    }
}
