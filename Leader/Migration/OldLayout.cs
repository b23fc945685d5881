using System.Text.RegularExpressions;

namespace PryvBus.Leader.Migration;

/// <summary>
/// Reads the seed's old layout: <c>OLD_ROOT/{role}/{component}/…</c> and <c>OLD_ROOT/{role}.yml</c> per machine role,
/// <c>OLD_ROOT/pryv/…</c> and <c>OLD_ROOT/pryv.yml</c> for a single node (role <c>singlenode</c>).
/// </summary>
public static partial class OldLayout
{
    public const string SingleNodeFolder = "pryv";
    public const string SingleNodeRole = "singlenode";

    /// <summary>Folders of a component that hold its state (data, logs, backup archives), not its configuration: never imported, moved by <c>import-data</c>.</summary>
    public static readonly string[] StateFolders = ["data", "log", "backup"];

    private static readonly HashSet<string> NotRoles = new(StringComparer.Ordinal) { "config-leader", "config-follower" };

    public static string RoleOf(string folderName) => folderName == SingleNodeFolder ? SingleNodeRole : folderName;

    public static string FolderOf(string role) => role == SingleNodeRole ? SingleNodeFolder : role;

    public static IReadOnlyList<OldRole> Find(string oldRoot)
    {
        ArgumentNullException.ThrowIfNull(oldRoot);
        return Directory.EnumerateDirectories(oldRoot)
            .Select(Path.GetFileName).OfType<string>()
            .Where(name => RoleName().IsMatch(name) && !NotRoles.Contains(name))
            .Order(StringComparer.Ordinal)
            .Select(name => new OldRole(
                RoleOf(name),
                Path.Combine(oldRoot, name),
                File.Exists(Path.Combine(oldRoot, name + ".yml")) ? Path.Combine(oldRoot, name + ".yml") : null))
            .ToArray();
    }

    /// <summary>The components of an old role: its first-level folders.</summary>
    public static IReadOnlyList<string> Components(OldRole role)
    {
        ArgumentNullException.ThrowIfNull(role);
        return Directory.EnumerateDirectories(role.Folder).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToArray();
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex RoleName();
}
