using System.Runtime.Versioning;

namespace PryvBus.Shared.Settings;

/// <summary>
/// The mode rules of the files that hold credentials, in one place for both programs. A private file (the leader's state
/// key file, its users file) must be closed to group and others (0600): the leader refuses it otherwise. A settings file
/// that holds a credential (config-leader.json: follower keys, admin and status keys, Redis password;
/// config-follower.json: the machine's key, a Redis password) must be closed to others and to its group's writes (0600,
/// or 0640 for a group of the program's user): otherwise each program warns once at load (event 2202), naming the fix.
/// A warning, not a refusal: the shipped samples and the docs had these files 0644, and an upgrade must not stop every
/// platform.
/// </summary>
[SupportedOSPlatform("linux")]
public static class CredentialFileMode
{
    /// <summary>Any permission of group or others (0077): a private file or folder has none.</summary>
    public const UnixFileMode GroupOrOthers = (UnixFileMode)0b000_111_111;

    /// <summary>Others may read or write, or the group may write (0026).</summary>
    private const UnixFileMode OpenSettings = UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>True when group or others may read, write or enter <paramref name="path"/> (a private file's rule).</summary>
    public static bool IsOpenToGroupOrOthers(string path) => (File.GetUnixFileMode(path) & GroupOrOthers) != 0;

    /// <summary>The mode of <paramref name="path"/> in octal, as <c>chmod</c> takes it (<c>644</c>).</summary>
    public static string Octal(string path) => Octal(File.GetUnixFileMode(path));

    /// <summary>
    /// The mode in octal of the settings file at <paramref name="path"/> when it holds credentials
    /// (<paramref name="credentials"/> of them) and others may read or write it, or its group may write it; null when it
    /// holds none, is closed enough, or cannot be looked at (its read already succeeded or failed on its own). Each
    /// program logs it with the fix: <c>chmod 600</c>, and the owner it runs as.
    /// </summary>
    public static string? OpenSettingsMode(string path, int credentials)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (credentials == 0)
        {
            return null;
        }

        try
        {
            var mode = File.GetUnixFileMode(path);
            return (mode & OpenSettings) == 0 ? null : Octal(mode);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8);
}
