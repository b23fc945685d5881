using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Paths;

namespace PryvBus.Follower.Checking;

/// <summary>
/// The new files of one component, written under <c>{root}/.pryvbus/staging/{component}</c> (the follower's own state
/// folder, on the root's filesystem) for its check to read; the live files are not touched. Deleted when disposed,
/// and at start (<see cref="Clean"/>) after a crash.
/// </summary>
internal sealed class StagedFiles : IDisposable
{
    private StagedFiles(string path) => Path = path;

    /// <summary>The staged copy of the component's folder.</summary>
    public string Path { get; }

    public static string Folder(string configRoot) => System.IO.Path.Combine(configRoot, ConfigPath.StateDirectory, "staging");

    /// <summary>Removes staged files left by a check that did not finish; true when there were some.</summary>
    public static bool Clean(string configRoot)
    {
        var folder = Folder(configRoot);
        if (!Directory.Exists(folder))
        {
            return false;
        }

        Directory.Delete(folder, recursive: true);
        return true;
    }

    /// <exception cref="InvalidOperationException">A path of the version breaks the path rule (the applier would refuse it too).</exception>
    public static StagedFiles Write(FollowerSettings settings, VerifiedVersion version, string component)
    {
        var folder = Folder(settings.ConfigRoot);
        var path = System.IO.Path.Combine(folder, component);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var staged = new StagedFiles(path);
        try
        {
            Directory.CreateDirectory(path, settings.Files.DirectoryMode);
            foreach (var (relative, content) in version.Files.Where(f => f.Key.StartsWith(component + "/", StringComparison.Ordinal)))
            {
                if (ConfigPath.Problem(relative) is { } problem)
                {
                    throw new InvalidOperationException($"'{relative}': {problem}");
                }

                var target = System.IO.Path.Combine(folder, relative);
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!, settings.Files.DirectoryMode);
                var mode = version.SecretFiles.Contains(relative) ? settings.Files.SecretFileMode : settings.Files.FileMode;
                using var stream = new FileStream(target, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode });
                stream.Write(content);
                if (settings.Files.ChangesOwner)
                {
                    // The same owner as the live file: a check running as the component's user reads what the component would.
                    Applying.Posix.Chown(target, settings.Files.OwnerUid, settings.Files.GroupGid);
                }
            }

            return staged;
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }

            var folder = System.IO.Path.GetDirectoryName(Path)!;
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (IOException)
        {
            // Removed at the next start.
        }
    }
}
