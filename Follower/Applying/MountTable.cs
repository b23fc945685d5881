using System.Text;
using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Whether a file system was mounted or unmounted at the real root, above it or below it, in this process's mount
/// namespace since the last look: a mount over a folder of the root (a bind mount of a tampered copy) changes what its
/// path leads to without any inotify event. <c>/proc/self/mountinfo</c> stays open; the kernel marks it (<c>POLLPRI</c>)
/// at each change of the mount table, and a poll without waiting reads and clears that mark (proc(5)): one system call
/// per plan. Only when it is marked is the table read again and its lines for the root's paths compared: the container
/// engine's own mounts (one per container started, elsewhere) leave what was vouched for alone.
/// </summary>
internal sealed class MountTable : IDisposable
{
    private const string Path = "/proc/self/mountinfo";
    private const short PollPriority = 0x2;
    private const short PollError = 0x8;
    private readonly Inotify.PollFd[] _poll;
    private readonly string _root;
    private string? _lines;

    private MountTable(int fd, string realRoot)
    {
        _poll = [new Inotify.PollFd { Fd = fd, Events = PollPriority }];

        // As mountinfo writes a mount point: space, tab, newline and backslash in octal.
        _root = realRoot.Replace("\\", "\\134", StringComparison.Ordinal).Replace(" ", "\\040", StringComparison.Ordinal)
            .Replace("\t", "\\011", StringComparison.Ordinal).Replace("\n", "\\012", StringComparison.Ordinal);
    }

    /// <summary>Starts looking at the mount table for <paramref name="realRoot"/>; null when it cannot be (then nothing may be vouched for by a watch).</summary>
    public static MountTable? Open(string realRoot)
    {
        // Opened before the first read: a mount between the two marks the table and is compared at the next look.
        var fd = Libc.Open(Path, Libc.ReadOnly | Inotify.CloseOnExec);
        if (fd < 0)
        {
            return null;
        }

        var table = new MountTable(fd, realRoot);
        table._lines = table.RootLines();
        if (table._lines is null)
        {
            table.Dispose();
            return null;
        }

        return table;
    }

    /// <summary>Whether a mount at, above or below the root changed since the last look (an error counts as a change).</summary>
    public bool Changed()
    {
        _poll[0].Revents = 0;
        var ready = Inotify.Poll(_poll, 1, 0);
        if (ready == 0 || (ready > 0 && (_poll[0].Revents & (PollPriority | PollError)) == 0))
        {
            return false;
        }

        var lines = ready < 0 ? null : RootLines();
        var changed = lines is null || !string.Equals(lines, _lines, StringComparison.Ordinal);
        _lines = lines;
        return changed;
    }

    public void Dispose() => _ = Libc.Close(_poll[0].Fd);

    /// <summary>The lines of the mount table whose mount point (the fifth field) is the root, above it or below it; null when unreadable.</summary>
    private string? RootLines()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var kept = new StringBuilder();
        foreach (var line in lines)
        {
            var fields = line.Split(' ', 6);
            if (fields.Length > 4 && (PathGuard.IsUnder(fields[4], _root) || PathGuard.IsUnder(_root, fields[4])))
            {
                kept.Append(line).Append('\n');
            }
        }

        return kept.ToString();
    }
}
