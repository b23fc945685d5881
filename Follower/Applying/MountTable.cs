using PryvBus.Shared.Native;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Whether a file system was mounted or unmounted in this process's mount namespace since the last look: a mount over a
/// folder of the root (a bind mount of a tampered copy) changes what its path leads to without any inotify event.
/// <c>/proc/self/mountinfo</c> stays open; the kernel marks it (<c>POLLPRI</c>) at each change of the mount table, and
/// a poll without waiting reads and clears that mark (proc(5)): one system call per plan.
/// </summary>
internal sealed class MountTable : IDisposable
{
    private const short PollPriority = 0x2;
    private const short PollError = 0x8;
    private readonly Inotify.PollFd[] _poll;

    private MountTable(int fd) => _poll = [new Inotify.PollFd { Fd = fd, Events = PollPriority }];

    /// <summary>Starts looking at the mount table; null when it cannot be (then nothing may be vouched for by a watch).</summary>
    public static MountTable? Open()
    {
        var fd = Libc.Open("/proc/self/mountinfo", Libc.ReadOnly | Inotify.CloseOnExec);
        return fd < 0 ? null : new MountTable(fd);
    }

    /// <summary>Whether the mount table changed since it was opened or last asked (an error counts as a change).</summary>
    public bool Changed()
    {
        _poll[0].Revents = 0;
        var ready = Inotify.Poll(_poll, 1, 0);
        return ready < 0 || (ready > 0 && (_poll[0].Revents & (PollPriority | PollError)) != 0);
    }

    public void Dispose() => _ = Libc.Close(_poll[0].Fd);
}
