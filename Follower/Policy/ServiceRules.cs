using PryvBus.Follower.Settings;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Follower.Policy;

/// <summary>
/// The rules on a service's own keys that give a container power over the machine: <c>privileged</c>, <c>cap_add</c>,
/// devices, host namespaces, <c>security_opt</c> that turn confinement off, <c>volumes_from</c> a container outside the
/// file, <c>extends</c>. <c>network_mode: host</c> is accepted (docs/security.md, "Compose policy").
/// </summary>
internal sealed class ServiceRules(ComposePolicySettings settings)
{
    private static readonly string[] Namespaces = ["pid", "ipc", "uts", "userns_mode", "cgroup"];
    private static readonly string[] DeviceKeys = ["devices", "device_cgroup_rules", "gpus"];

    public ComposeRefusal? Judge(string service, IReadOnlyDictionary<string, YamlNode> keys)
    {
        if (keys.ContainsKey("extends"))
        {
            return new(service, "extends", PolicyHints.CannotJudge("it brings in a service from elsewhere"));
        }

        return Privileged(service, keys) ?? Capabilities(service, keys) ?? Devices(service, keys) ?? HostNamespaces(service, keys)
            ?? SecurityOptions(service, keys) ?? VolumesFrom(service, keys);
    }

    private ComposeRefusal? Privileged(string service, IReadOnlyDictionary<string, YamlNode> keys)
    {
        if (settings.AllowPrivileged || !keys.TryGetValue("privileged", out var node) || PolicyYaml.Text(node) is "false" or "False" or "FALSE")
        {
            return null;
        }

        // Anything but false (true, yes, a variable) may be privileged for compose.
        return new(service, "privileged: " + PolicyYaml.Shown(PolicyYaml.Text(node) ?? "(not a value)"), PolicyHints.Setting("allowPrivileged"));
    }

    private ComposeRefusal? Capabilities(string service, IReadOnlyDictionary<string, YamlNode> keys)
    {
        if (!keys.TryGetValue("cap_add", out var node) || PolicyYaml.IsNull(node) || settings.AllowCapabilities.Contains("ALL"))
        {
            return null;
        }

        foreach (var item in PolicyYaml.Items(node) ?? [node])
        {
            var text = PolicyYaml.Text(item);
            if (text is null || PolicyYaml.Interpolated(text))
            {
                return new(service, "cap_add " + PolicyYaml.Shown(text ?? "(not a list of names)"), PolicyHints.Interpolated);
            }

            var capability = ComposePolicySettingsReader.Capability(text);
            if (!settings.AllowCapabilities.Contains(capability))
            {
                return new(service, "cap_add " + PolicyYaml.Shown(capability), PolicyHints.Setting($"allowCapabilities: [\"{PolicyYaml.Shown(capability)}\"]"));
            }
        }

        return null;
    }

    private ComposeRefusal? Devices(string service, IReadOnlyDictionary<string, YamlNode> keys)
    {
        if (settings.AllowDevices)
        {
            return null;
        }

        if (DeviceKeys.FirstOrDefault(k => keys.TryGetValue(k, out var node) && !PolicyYaml.IsNull(node)) is { } key)
        {
            return new(service, key, PolicyHints.Setting("allowDevices"));
        }

        // GPUs and other devices reserved through deploy.resources.reservations.devices.
        YamlNode? current = keys.TryGetValue("deploy", out var deploy) ? deploy : null;
        foreach (var step in (string[])["resources", "reservations", "devices"])
        {
            if (current is null || PolicyYaml.IsNull(current))
            {
                return null;
            }

            var mapping = current is YamlMappingNode m ? PolicyYaml.Effective(m) : null;
            if (mapping is null)
            {
                return new(service, "deploy", PolicyHints.CannotJudge("a part of it is not a mapping, or merged"));
            }

            current = mapping.GetValueOrDefault(step);
        }

        return current is null || PolicyYaml.IsNull(current) ? null : new(service, "deploy.resources.reservations.devices", PolicyHints.Setting("allowDevices"));
    }

    private ComposeRefusal? HostNamespaces(string service, IReadOnlyDictionary<string, YamlNode> keys)
    {
        if (settings.AllowHostNamespaces)
        {
            return null;
        }

        foreach (var key in Namespaces)
        {
            if (!keys.TryGetValue(key, out var node) || PolicyYaml.IsNull(node))
            {
                continue;
            }

            var text = PolicyYaml.Text(node);
            if (text is null || PolicyYaml.Interpolated(text))
            {
                return new(service, $"{key}: {PolicyYaml.Shown(text ?? "(not a value)")}", PolicyHints.Interpolated);
            }

            // The host's namespace, or that of a container outside this file (not judged here): service:NAME is fine.
            var mode = text.Trim().ToLowerInvariant();
            if (mode == "host" || mode.StartsWith("container:", StringComparison.Ordinal))
            {
                return new(service, $"{key}: {PolicyYaml.Shown(text)}", PolicyHints.Setting("allowHostNamespaces"));
            }
        }

        return null;
    }

    private static ComposeRefusal? SecurityOptions(string service, IReadOnlyDictionary<string, YamlNode> keys) =>
        EachText(service, "security_opt", keys, text => Confining(text)
            ? null
            : new(service, "security_opt " + PolicyYaml.Shown(text), PolicyHints.NoSetting("it turns confinement off or loads a profile the policy cannot read")));

    /// <summary>
    /// Options that keep the container confined: <c>no-new-privileges</c>, an AppArmor profile by name, an SELinux
    /// user, role or level. Anything else (unconfined, <c>label:disable</c>, <c>label:type:…</c>, a seccomp profile
    /// file, <c>systempaths=unconfined</c>, an option unknown here) is not.
    /// </summary>
    private static bool Confining(string option)
    {
        var separator = option.IndexOfAny([':', '=']);
        var name = (separator < 0 ? option : option[..separator]).Trim().ToLowerInvariant();
        var value = separator < 0 ? string.Empty : option[(separator + 1)..].Trim().ToLowerInvariant();
        return name switch
        {
            "no-new-privileges" => true,
            "apparmor" => value.Length > 0 && value != "unconfined",
            "label" => value.StartsWith("user:", StringComparison.Ordinal) || value.StartsWith("role:", StringComparison.Ordinal) || value.StartsWith("level:", StringComparison.Ordinal),
            _ => false,
        };
    }

    // Another service's volumes are judged with it; a container outside the file could mount anything.
    private static ComposeRefusal? VolumesFrom(string service, IReadOnlyDictionary<string, YamlNode> keys) =>
        EachText(service, "volumes_from", keys, text => text.Trim().StartsWith("container:", StringComparison.OrdinalIgnoreCase)
            ? new(service, "volumes_from " + PolicyYaml.Shown(text), PolicyHints.CannotJudge("the container is not in this file (name a service of it instead)"))
            : null);

    /// <summary>
    /// The first refusal <paramref name="judge"/> gives a text of <paramref name="key"/> (one text or a list of them);
    /// an item that is not text, or holds an interpolation, is refused as one the policy cannot judge.
    /// </summary>
    private static ComposeRefusal? EachText(
        string service, string key, IReadOnlyDictionary<string, YamlNode> keys, Func<string, ComposeRefusal?> judge)
    {
        if (!keys.TryGetValue(key, out var node) || PolicyYaml.IsNull(node))
        {
            return null;
        }

        foreach (var item in PolicyYaml.Items(node) ?? [node])
        {
            var text = PolicyYaml.Text(item);
            if (text is null || PolicyYaml.Interpolated(text))
            {
                return new(service, key + " " + PolicyYaml.Shown(text ?? "(not a list)"), PolicyHints.Interpolated);
            }

            if (judge(text) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }
}
