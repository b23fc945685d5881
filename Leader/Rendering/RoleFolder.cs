using System.ComponentModel;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// A role's folder, opened once (not following a final link) for a whole render: every folder and file of the role is
/// opened from this descriptor (<see cref="BeneathOpen"/>), so a folder above it swapped meanwhile changes nothing.
/// </summary>
internal sealed class RoleFolder : IDisposable
{
    private RoleFolder(int fd, FileIdentity? identity, string realRoot)
    {
        Fd = fd;
        Identity = identity;
        RealRoot = realRoot;
    }

    public int Fd { get; }

    /// <summary>Its device and mount: the files of the role must share them.</summary>
    public FileIdentity? Identity { get; }

    /// <summary>Its real path, as the links of the tree are resolved against it.</summary>
    public string RealRoot { get; }

    /// <exception cref="IOException">The folder cannot be opened.</exception>
    public static RoleFolder Open(string realRoot)
    {
        ArgumentNullException.ThrowIfNull(realRoot);
        var (fd, error) = BeneathOpen.OpenFolder(realRoot);
        return fd < 0
            ? throw new IOException("cannot open the role's folder: " + new Win32Exception(error).Message)
            : new RoleFolder(fd, NativeFiles.Identity(fd), realRoot);
    }

    /// <summary>A second descriptor of the folder, for listing it (the listing owns and closes it).</summary>
    public (int Fd, int Error) Duplicate() => BeneathOpen.Duplicate(Fd);

    public void Dispose() => BeneathOpen.Close(Fd);
}
