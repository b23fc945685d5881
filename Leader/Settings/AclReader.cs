using PryvBus.Shared.Settings;

namespace PryvBus.Leader.Settings;

/// <summary>Reads the optional <c>acl</c> section: <c>{ "provision": true }</c>.</summary>
internal static class AclReader
{
    public static AclSettings Read(SettingsSection root) =>
        root.Section("acl", "{ \"provision\": true }") is { } acl
            ? new AclSettings(acl.Flag("provision") ?? AclSettings.Default.Provision)
            : AclSettings.Default;
}
