using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads <c>"http": { "enabled": true, "urls": ["http://127.0.0.1:7070"], "adminKey": "…", "statusKey": "…",
/// "failedKeyLimit": 10, "failedKeyWindowSeconds": 60 }</c>;
/// <c>PRYVBUS_ADMIN_KEY</c> overrides the admin key and is checked like it (at least 16 characters, not a sample).
/// </summary>
internal static class HttpReader
{
    public static HttpSettings Read(SettingsSection root)
    {
        var fromEnvironment = root.Document.CredentialVariable(HttpSettings.AdminKeyVariable, HttpSettings.MinAdminKeyLength);
        var http = root.Section("http", "{ enabled, urls, adminKey, statusKey, failedKeyLimit, failedKeyWindowSeconds }");
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
        return new HttpSettings(
            enabled, urls.Count > 0 ? urls : HttpSettings.Default.Urls, fromEnvironment ?? adminKey, statusKey, failedKeyLimit, failedKeyWindow);
    }
}
