using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>
/// Reads <c>"http": { "enabled": true, "urls": ["http://127.0.0.1:7070"], "adminKey": "…" }</c>;
/// <c>PRYVBUS_ADMIN_KEY</c> overrides the admin key and is checked like it (at least 16 characters, not a sample).
/// </summary>
internal static class HttpReader
{
    public static HttpSettings Read(SettingsSection root)
    {
        var fromEnvironment = root.Document.CredentialVariable(HttpSettings.AdminKeyVariable, HttpSettings.MinAdminKeyLength);
        var http = root.Section("http", "{ enabled, urls, adminKey }");
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
        return new HttpSettings(enabled, urls.Count > 0 ? urls : HttpSettings.Default.Urls, fromEnvironment ?? adminKey);
    }
}
