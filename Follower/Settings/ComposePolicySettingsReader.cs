using System.Text.Json;
using PryvBus.Shared.Settings;

namespace PryvBus.Follower.Settings;

/// <summary>
/// Reads <c>composePolicy</c>: absent (the defaults), <c>"off"</c>, or an object <c>{ enabled, allowPrivileged,
/// allowCapabilities, allowDevices, allowHostNamespaces, allowedBindSources }</c>. Every problem is reported with the key.
/// </summary>
internal static class ComposePolicySettingsReader
{
    public const string Name = "composePolicy";
    private const string Shape = "{ enabled, allowPrivileged, allowCapabilities, allowDevices, allowHostNamespaces, allowedBindSources }";

    /// <returns>The settings; null when they are invalid (reported on <paramref name="root"/>'s document).</returns>
    public static ComposePolicySettings? Read(SettingsSection root)
    {
        var value = root.Value(Name);
        if (value is null)
        {
            // Absent (or null, reported by Value): the defaults.
            return new ComposePolicySettings();
        }

        if (value.Value.ValueKind == JsonValueKind.String)
        {
            if (value.Value.GetString() == "off")
            {
                return new ComposePolicySettings { Enabled = false };
            }

            root.Error(Name, $"must be \"off\" or an object {Shape}, not '{SettingsKeys.Printable(value.Value.GetString() ?? string.Empty)}'");
            return null;
        }

        var section = root.Section(Name, $"(or \"off\") {Shape}");
        if (section is null)
        {
            return null;
        }

        var before = section.Document.Errors.Count;
        var settings = new ComposePolicySettings
        {
            Enabled = section.Flag("enabled") ?? true,
            AllowPrivileged = section.Flag("allowPrivileged") ?? false,
            AllowCapabilities = Capabilities(section),
            AllowDevices = section.Flag("allowDevices") ?? false,
            AllowHostNamespaces = section.Flag("allowHostNamespaces") ?? false,
            AllowedBindSources = BindSources(section),
        };
        return section.Document.Errors.Count == before ? settings : null;
    }

    private static HashSet<string> Capabilities(SettingsSection section)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in section.Strings("allowCapabilities", "capability names, e.g. [\"NET_ADMIN\"]") ?? [])
        {
            var capability = Capability(name);
            if (capability.Length == 0 || !capability.All(c => char.IsAsciiLetterUpper(c) || c == '_'))
            {
                section.Error("allowCapabilities", $"'{SettingsKeys.Printable(name)}' is not a capability name (letters and '_', e.g. NET_ADMIN)");
                continue;
            }

            result.Add(capability);
        }

        return result;
    }

    /// <summary>A capability as compose and Docker accept it (<c>net_admin</c>, <c>CAP_NET_ADMIN</c>), upper case without <c>CAP_</c>.</summary>
    public static string Capability(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var upper = name.Trim().ToUpperInvariant();
        return upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper[4..] : upper;
    }

    private static List<string> BindSources(SettingsSection section)
    {
        var result = new List<string>();
        foreach (var path in section.Strings("allowedBindSources", "absolute paths, e.g. [\"/var/log/pryv\"]") ?? [])
        {
            if (!path.StartsWith('/') || path.Any(char.IsControl) || path.Contains('$', StringComparison.Ordinal))
            {
                section.Error("allowedBindSources", $"'{SettingsKeys.Printable(path)}' must be an absolute path without variables");
                continue;
            }

            var full = Path.GetFullPath(path).TrimEnd('/');
            if (full.Length == 0)
            {
                section.Error("allowedBindSources", "'/' would allow any bind mount: write \"composePolicy\": \"off\" to turn the policy off");
                continue;
            }

            result.Add(full);
        }

        return result;
    }
}
