using System.Globalization;
using System.Text.Json;
using PryvBus.Shared.Settings;

namespace PryvBus.Follower.Settings;

/// <summary>Reads the <c>files</c> section: owner, group and octal modes such as "0644".</summary>
internal static class FileSettingsReader
{
    public static FileSettings? Read(SettingsSection? section)
    {
        if (section is null)
        {
            return new FileSettings();
        }

        var owner = NameOrId(section, "owner");
        int? uid = owner is null ? null : UnixAccounts.ResolveUser(owner);
        if (owner is not null && uid is null)
        {
            section.Error("owner", $"unknown user '{SettingsKeys.Printable(owner)}'");
        }

        var group = NameOrId(section, "group");
        int? gid = group is null ? null : UnixAccounts.ResolveGroup(group);
        if (group is not null && gid is null)
        {
            section.Error("group", $"unknown group '{SettingsKeys.Printable(group)}'");
        }

        var mode = Mode(section, "mode", FileSettings.DefaultFileMode);
        var secretMode = Mode(section, "secretMode", FileSettings.DefaultSecretFileMode);
        var directoryMode = Mode(section, "directoryMode", FileSettings.DefaultDirectoryMode);
        if ((owner is not null && uid is null) || (group is not null && gid is null)
            || mode is null || secretMode is null || directoryMode is null)
        {
            return null;
        }

        return new FileSettings
        {
            OwnerUid = uid,
            GroupGid = gid,
            FileMode = mode.Value,
            SecretFileMode = secretMode.Value,
            DirectoryMode = directoryMode.Value,
        };
    }

    /// <summary>A user or group given by name ("pryv") or numeric id (1000).</summary>
    private static string? NameOrId(SettingsSection section, string name) => section.Value(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => text.GetString(),
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var id) && id >= 0 => id.ToString(CultureInfo.InvariantCulture),
        _ => Invalid(section, name),
    };

    private static string? Invalid(SettingsSection section, string name)
    {
        section.Error(name, "must be a name or a numeric id (0 or more)");
        return null;
    }

    private static UnixFileMode? Mode(SettingsSection section, string name, UnixFileMode fallback)
    {
        var text = section.Text(name);
        if (text is null)
        {
            return fallback;
        }

        try
        {
            var value = Convert.ToInt32(text, 8);
            if (value is >= 0 and <= 0x1FF)
            {
                return (UnixFileMode)value;
            }
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            // Reported below with the expected form.
        }

        section.Error(name, string.Create(CultureInfo.InvariantCulture, $"must be an octal mode between \"0000\" and \"0777\" (got '{SettingsKeys.Printable(text)}')"));
        return null;
    }
}
