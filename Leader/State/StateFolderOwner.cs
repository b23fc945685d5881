using System.Globalization;
using PryvBus.Shared.Native;

namespace PryvBus.Leader.State;

/// <summary>
/// Refuses to use a state folder that belongs to another user than the one this process runs as: a command run as root
/// on the host would otherwise replace <c>store.json</c> or <c>secrets.enc</c> (or create a lock file) with files the
/// leader service (uid 10001 in the shipped image) can no longer read, locking it out.
/// </summary>
internal static class StateFolderOwner
{
    private const int CurrentFolder = -100;
    private const uint UidField = 0x8;
    private const int UidOffset = 20;

    /// <exception cref="StateException">The folder exists and belongs to another uid.</exception>
    public static void Check(string folder)
    {
        if (TryOwner(folder) is not { } owner)
        {
            return;
        }

        var me = Libc.Geteuid();
        if (owner != me)
        {
            throw new StateException(string.Create(CultureInfo.InvariantCulture,
                $"state folder {folder} belongs to uid {owner} but this process runs as uid {me}: nothing done, since files written "
                + $"by uid {me} would lock the leader out; run it as uid {owner} (e.g. `docker exec pryvbus-leader pryvbus-leader …`, or `sudo -u '#{owner}' …`)"));
        }
    }

    /// <summary>The owner's uid; null when the path does not exist or cannot be examined.</summary>
    public static uint? TryOwner(string path)
    {
        var buffer = new byte[256];
        try
        {
            return Libc.Statx(CurrentFolder, path, 0, UidField, buffer) == 0
                && (BitConverter.ToUInt32(buffer, 0) & UidField) != 0
                ? BitConverter.ToUInt32(buffer, UidOffset)
                : null;
        }
        catch (EntryPointNotFoundException)
        {
            // A C library without statx (older than glibc 2.28): the check is skipped, as before it existed.
            return null;
        }
    }
}
