using System.ComponentModel;
using System.Runtime.InteropServices;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>
/// The changes of an apply other than a file's write, made through <see cref="PinnedFolders"/>: missing folders created
/// with the configured mode and owner, and a file's mode and owner set on a descriptor opened without following a link
/// (a link put in the file's place is refused, its target left alone).
/// </summary>
internal sealed class PinnedChanges(FileSettings files)
{
    private const int NoFollow = 0x20000; // O_NOFOLLOW (x86-64; 0x8000 on ARM)
    private const int NoFollowArm = 0x8000;
    private const int NonBlocking = 0x800; // a FIFO put there meanwhile opens at once
    private const int CloseOnExec = 0x80000;

    private static readonly int FileFlags = Libc.ReadOnly | NonBlocking | CloseOnExec
        | (RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? NoFollowArm : NoFollow);

    /// <summary>
    /// Creates <paramref name="folder"/> and its missing parents below <paramref name="root"/> (as configured), each made durable:
    /// its parent fsynced now, or added to <paramref name="fsyncLater"/> for the caller to fsync before the commit.
    /// </summary>
    public void Ensure(string root, string folder, PinnedFolders pinned, ISet<string>? fsyncLater)
    {
        ArgumentNullException.ThrowIfNull(pinned);
        if (pinned.TryFolder(folder) is not null)
        {
            return;
        }

        var parent = Path.GetDirectoryName(folder)!;
        if (parent.Length >= root.Length && parent != folder)
        {
            Ensure(root, parent, pinned, fsyncLater);
        }

        // Mode and owner only for the folder this apply made, opened without following a link: one made meanwhile by
        // someone else, or a link swapped in after the mkdir, is never chmodded or chowned.
        if (pinned.Create(parent, Path.GetFileName(folder), files.DirectoryMode) is not { } fd)
        {
            return;
        }

        SetModeAndOwner(fd, files.DirectoryMode, folder);
        if (fsyncLater is null)
        {
            pinned.Fsync(parent);
        }
        else
        {
            fsyncLater.Add(parent);
        }
    }

    /// <summary>
    /// Sets the mode (and the configured owner) of the regular file <paramref name="path"/>, never through a link; false,
    /// with nothing changed, when the file has another name (a hard link: its mode is another file's too, maybe one outside
    /// the root), for the caller to replace it with a file of its own.
    /// </summary>
    public bool SetMode(string path, UnixFileMode mode, PinnedFolders pinned)
    {
        ArgumentNullException.ThrowIfNull(pinned);
        var fd = Libc.Open(pinned.File(path), FileFlags);
        if (fd < 0)
        {
            throw Failure("open to set its mode", path);
        }

        try
        {
            if (FileStamp.OfHandle(fd) is not { IsRegular: true })
            {
                throw new IOException($"Cannot set the mode of {path}: it is no longer a regular file (replaced since it was checked)");
            }

            if (FileStamp.LinksOf(fd) is not 1)
            {
                return false;
            }

            SetModeAndOwner(fd, mode, path);
            return true;
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    private void SetModeAndOwner(int fd, UnixFileMode mode, string shown)
    {
        if (Libc.Fchmod(fd, (uint)mode) != 0)
        {
            throw Failure("set the mode of", shown);
        }

        if ((files.OwnerUid is not null || files.GroupGid is not null)
            && Libc.Fchown(fd, files.OwnerUid is { } uid ? (uint)uid : uint.MaxValue, files.GroupGid is { } gid ? (uint)gid : uint.MaxValue) != 0)
        {
            throw Failure("change the owner of", shown);
        }
    }

    private static IOException Failure(string action, string path) =>
        new($"Cannot {action} {path}: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
}
