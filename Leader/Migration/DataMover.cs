namespace PryvBus.Leader.Migration;

/// <summary>
/// The seed's migration step 6 on one machine: moves <c>OLD_ROOT/{role}/{component}/data</c>, <c>…/log</c> and
/// <c>…/backup</c> (<see cref="OldLayout.StateFolders"/>) to <c>NEW_ROOT/pryv/{component}/…</c>. A rename, so owners, modes and inodes are kept (both roots
/// must be on one filesystem, as they are after <c>mv ${PRYV_CONF_ROOT} ${PRYV_CONF_ROOT}-old</c>). A target that
/// exists and is not empty is never touched; an empty one (created by a first start) is replaced.
/// </summary>
public static class DataMover
{
    public const string ConfigRootFolder = "pryv";

    public static IReadOnlyList<MovedFolder> Move(OldRole role, string newRoot, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(newRoot);
        var result = new List<MovedFolder>();
        foreach (var component in OldLayout.Components(role))
        {
            foreach (var state in OldLayout.StateFolders)
            {
                var source = Path.Combine(role.Folder, component, state);
                if (Directory.Exists(source))
                {
                    var target = Path.Combine(newRoot, ConfigRootFolder, component, state);
                    result.Add(new MovedFolder(source, target, MoveOne(source, target, dryRun)));
                }
            }
        }

        return result;
    }

    private static string MoveOne(string source, string target, bool dryRun)
    {
        if (File.Exists(target))
        {
            return "kept: the target is a file";
        }

        var targetExists = Directory.Exists(target);
        if (targetExists && Directory.EnumerateFileSystemEntries(target).Any())
        {
            return "kept: the target is not empty";
        }

        if (dryRun)
        {
            return "would move";
        }

        try
        {
            if (targetExists)
            {
                Directory.Delete(target);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Directory.Move(source, target);
            return "moved";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"error: {ex.Message} (different filesystems? move it with mv or rsync -a)";
        }
    }
}
