using System.Globalization;

namespace PryvBus.Follower.Settings;

/// <summary>Reads the <c>files</c> section: owner, group and octal modes such as "0644".</summary>
internal static class FileSettingsReader
{
    public static FileSettings? Read(JsonSection? section)
    {
        if (section is null)
        {
            return new FileSettings();
        }

        var owner = section.StringOrInteger("owner");
        int? uid = owner is null ? null : UnixAccounts.ResolveUser(owner);
        if (owner is not null && uid is null)
        {
            section.Error("owner", $"unknown user '{owner}'");
        }

        var group = section.StringOrInteger("group");
        int? gid = group is null ? null : UnixAccounts.ResolveGroup(group);
        if (group is not null && gid is null)
        {
            section.Error("group", $"unknown group '{group}'");
        }

        var mode = Mode(section, "mode", FileSettings.DefaultFileMode);
        var secretMode = Mode(section, "secretMode", FileSettings.DefaultSecretFileMode);
        var directoryMode = Mode(section, "directoryMode", FileSettings.DefaultDirectoryMode);
        section.ReportUnknownKeys();
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

    private static UnixFileMode? Mode(JsonSection section, string name, UnixFileMode fallback)
    {
        var text = section.String(name);
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

        section.Error(name, string.Create(CultureInfo.InvariantCulture, $"must be an octal mode between \"0000\" and \"0777\" (got '{text}')"));
        return null;
    }
}
