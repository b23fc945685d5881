namespace PryvBus.Follower.Settings;

/// <summary>
/// What the follower refuses to bring up from a signed <c>pryv.yml</c> (<c>composePolicy</c> in its own settings file:
/// the leader cannot change it). The defaults refuse whatever makes a container root on the machine (docs/security.md,
/// "Compose policy"); each <c>allow…</c> opens one door, <c>"off"</c> opens them all.
/// </summary>
public sealed class ComposePolicySettings
{
    /// <summary>False only when an operator wrote <c>"composePolicy": "off"</c> or <c>{ "enabled": false }</c>.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>privileged: true</c>.</summary>
    public bool AllowPrivileged { get; init; }

    /// <summary>Capabilities <c>cap_add</c> may name, upper case without <c>CAP_</c> (<c>NET_ADMIN</c>; <c>ALL</c> allows any).</summary>
    public IReadOnlySet<string> AllowCapabilities { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary><c>devices</c>, <c>device_cgroup_rules</c>, <c>gpus</c> and device reservations under <c>deploy</c>.</summary>
    public bool AllowDevices { get; init; }

    /// <summary><c>pid</c>, <c>ipc</c>, <c>uts</c>, <c>userns_mode</c>, <c>cgroup</c> set to <c>host</c> or to <c>container:…</c>.</summary>
    public bool AllowHostNamespaces { get; init; }

    /// <summary>Absolute folders (normalised, no trailing slash) a bind mount may use besides the config root.</summary>
    public IReadOnlyList<string> AllowedBindSources { get; init; } = [];
}
