using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;
using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>
/// The root's folders an apply writes in, each opened once, below the root's real path, and then named by its
/// descriptor, <c>/proc/self/fd/N</c>, as runc names what it has checked: every create, rename, mode change and delete
/// of the apply reaches the very folder that was opened, whatever is swapped on the way meanwhile. A folder is opened
/// with no link on the way (<c>openat2</c> with <c>RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS</c>;
/// one part at a time with <c>O_NOFOLLOW</c> where the kernel has no <c>openat2</c>). A folder reached through a link
/// (one an operator made inside the root, which the path rule accepts) is opened by its real path, which must still be
/// inside the root and outside the state folder, as <see cref="PathGuard"/> checked: a folder swapped for a link out of
/// the root after the version's paths were checked (by the files' owner, or a container with the folder mounted) is
/// refused, not followed. Where <c>/proc/self/fd</c> is not there, folders are named by their path, as before.
/// </summary>
/// <param name="root">The configuration root as configured (the folders given are below it).</param>
/// <param name="realRoot">Its real path.</param>
internal sealed class PinnedFolders(string root, string realRoot) : IDisposable
{
    private const int OnlyDirectory = 0x10000; // O_DIRECTORY (x86-64; 0x4000 on ARM)
    private const int OnlyDirectoryArm = 0x4000;
    private const int NoFollow = 0x20000; // O_NOFOLLOW (x86-64; 0x8000 on ARM)
    private const int NoFollowArm = 0x8000;
    private const int CloseOnExec = 0x80000;
    private const int NoEntry = 2;
    private const int Exists = 17;
    private const int NotDirectory = 20;
    private const int Loop = 40;

    private static readonly bool Arm = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;
    private static readonly int FolderFlags = Libc.ReadOnly | (Arm ? OnlyDirectoryArm : OnlyDirectory) | (Arm ? NoFollowArm : NoFollow) | CloseOnExec;
    private static readonly bool Available = Directory.Exists("/proc/self/fd");

    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private int _root = -1;

    /// <summary>Makes this thread walk part by part, as on a kernel without <c>openat2</c> (tests of the fallback).</summary>
    [ThreadStatic]
    internal static bool ForceWalk;

    /// <summary>Makes this thread name folders by their path, as where <c>/proc/self/fd</c> is not there (tests).</summary>
    [ThreadStatic]
    internal static bool ForceNoProc;

    /// <summary>Whether folders are named by their descriptor (<c>/proc/self/fd</c> is there), as the class says.</summary>
    public static bool ByDescriptor => Available && !ForceNoProc;

    /// <summary>Called on this thread with a folder's path just before it is created (tests: what is swapped in then).</summary>
    [ThreadStatic]
    internal static Action<string>? BeforeCreate;

    /// <summary>The name under which <paramref name="folder"/> (below the root as configured) is reached, as the class says.</summary>
    /// <exception cref="IOException">It is missing, or no longer reached without a link (nothing is done through it).</exception>
    public string Folder(string folder) =>
        TryFolder(folder) ?? throw new IOException($"Cannot write in {folder}: the folder is gone");

    /// <summary>The same; null when the folder does not exist.</summary>
    public string? TryFolder(string folder) => Descriptor(folder) is { } fd ? Name(fd, folder) : null;

    /// <summary>The name of the file <paramref name="path"/> (below the root as configured) in its pinned folder.</summary>
    public string File(string path) => Folder(Path.GetDirectoryName(path)!) + "/" + Path.GetFileName(path);

    /// <summary>The descriptor of <paramref name="folder"/>, opened as the class says; null when it does not exist.</summary>
    public int? Descriptor(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (_open.TryGetValue(folder, out var known))
        {
            return known;
        }

        var (fd, error) = Open(Relative(folder, root, folder));
        if (fd < 0 && error is Loop or NotDirectory)
        {
            // A link on the way: an operator's inside the root is followed, as the plan did; where it leads is checked again.
            (fd, error) = Posix.RealPath(folder) is { } real ? Open(Inside(folder, real)) : (-1, NoEntry);
        }

        if (fd < 0)
        {
            return error == NoEntry ? null : throw Refused(folder, error);
        }

        _open[folder] = fd;
        return fd;
    }

    /// <summary>
    /// Creates <paramref name="name"/> in <paramref name="parent"/> and opens it without following a link: the descriptor
    /// of the folder this call made (kept for the apply), or null when something was there already (nothing of it is
    /// changed). Whatever is swapped in between is refused, never opened.
    /// </summary>
    public int? Create(string parent, string name, UnixFileMode mode)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parentFd = Descriptor(parent) ?? throw new IOException($"Cannot write in {parent}: the folder is gone");
        BeforeCreate?.Invoke(Path.Combine(parent, name));
        if (Libc.Mkdir(Name(parentFd, parent) + "/" + name, (uint)mode) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error == Exists ? null : throw new IOException($"Cannot create the folder {Path.Combine(parent, name)}: {new Win32Exception(error).Message}");
        }

        var folder = Path.Combine(parent, name);
        var fd = Libc.OpenAt(parentFd, name, FolderFlags);
        if (fd < 0)
        {
            throw Refused(folder, Marshal.GetLastPInvokeError());
        }

        _open[folder] = fd;
        return fd;
    }

    /// <summary>Makes what was renamed or deleted in <paramref name="folder"/> durable.</summary>
    public void Fsync(string folder)
    {
        var fd = Descriptor(folder) ?? throw new IOException($"Cannot fsync directory {folder}: the folder is gone");
        if (Libc.Fsync(fd) != 0)
        {
            throw new IOException($"Cannot fsync directory {folder}", new Win32Exception(Marshal.GetLastPInvokeError()));
        }
    }

    /// <summary>The root's real path in <paramref name="text"/> (a message) where a pinned name of one of these folders is.</summary>
    public string Shown(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (folder, fd) in _open.OrderByDescending(o => o.Value)) // /proc/self/fd/55 before /proc/self/fd/5
        {
            text = text.Replace(Name(fd, folder), folder, StringComparison.Ordinal);
        }

        return text;
    }

    public void Dispose()
    {
        foreach (var fd in _open.Values)
        {
            _ = Libc.Close(fd);
        }

        _open.Clear();
        if (_root >= 0)
        {
            _ = Libc.Close(_root);
            _root = -1;
        }
    }

    private static string Name(int fd, string folder) =>
        ByDescriptor ? string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{fd}") : folder;

    private int Root()
    {
        if (_root < 0)
        {
            _root = Libc.Open(realRoot, FolderFlags);
            if (_root < 0)
            {
                throw new IOException($"Cannot write in {root}: its real path {realRoot} does not open as a folder");
            }
        }

        return _root;
    }

    private (int Fd, int Error) Open(string relative)
    {
        if (relative.Length == 0)
        {
            var copy = Libc.OpenAt(Root(), ".", FolderFlags);
            return (copy, copy < 0 ? Marshal.GetLastPInvokeError() : 0);
        }

        return (ForceWalk ? null : OpenAt2.Open(Root(), relative, FolderFlags, OpenAt2.Beneath | OpenAt2.NoSymlinks | OpenAt2.NoMagicLinks))
            ?? Walk(relative);
    }

    /// <summary>The real path <paramref name="real"/> of <paramref name="folder"/>, relative to the real root: inside it and outside the state folder, or refused.</summary>
    private string Inside(string folder, string real)
    {
        var relative = Relative(real, realRoot, folder);
        if (relative.Split('/')[0] == PathGuard.StateDirectory)
        {
            throw new IOException($"Cannot write in {folder}: it now leads into the follower's own {PathGuard.StateDirectory} folder; nothing was written there");
        }

        return relative;
    }

    /// <summary><paramref name="path"/> relative to <paramref name="top"/> ('' for itself), or refused naming <paramref name="shown"/>.</summary>
    private static string Relative(string path, string top, string shown)
    {
        var trimmed = top.Length > 1 ? top.TrimEnd('/') : top;
        if (path == trimmed)
        {
            return string.Empty;
        }

        var prefix = trimmed == "/" ? "/" : trimmed + "/";
        return path.StartsWith(prefix, StringComparison.Ordinal)
            ? path[prefix.Length..]
            : throw new IOException($"Cannot write in {shown}: it now leads out of the root {top}; nothing was written there");
    }

    /// <summary>One part at a time from the root's descriptor, no link followed, no <c>..</c>: what <c>openat2</c> refuses, refused.</summary>
    private (int Fd, int Error) Walk(string relative)
    {
        const int CrossDevice = 18; // EXDEV, as openat2 answers a way out
        var parts = relative.Split('/');
        if (parts.Any(p => p is "" or "." or ".."))
        {
            return (-1, CrossDevice);
        }

        var current = -1;
        foreach (var part in parts)
        {
            var next = Libc.OpenAt(current < 0 ? Root() : current, part, FolderFlags);
            var error = next < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (current >= 0)
            {
                _ = Libc.Close(current);
            }

            if (next < 0)
            {
                return (-1, error);
            }

            current = next;
        }

        return (current, 0);
    }

    private static IOException Refused(string folder, int error) => new(
        $"Cannot write in {folder}: a folder on the way changed while the apply ran (a link or a way out of the root where the " +
        $"version's paths were checked); nothing was written through it ({new Win32Exception(error).Message})");
}
