using System.Security.Cryptography;
using System.Text;
using PryvBus.Leader.State;
using PryvBus.Shared.Native;

namespace PryvBus.Leader.Values;

/// <summary>
/// The settings file as bytes with its ETag (a strong hash of exactly those bytes), and its atomic replacement: a temp
/// file beside it, fsynced, given the file's mode and owner, renamed over it, then the folder fsynced. A crash at any
/// point leaves the old file or the new one, never a mix; the rename is refused when the file changed since it was read.
/// </summary>
public static class SettingsFile
{
    private const int CurrentFolder = -100;
    private const uint ModeUidGid = 0x2 | 0x8 | 0x10;
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    public static (byte[] Bytes, string ETag) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return (bytes, ETagOf(bytes));
    }

    /// <summary>A strong validator: the quoted SHA-256 of the bytes.</summary>
    public static string ETagOf(ReadOnlySpan<byte> bytes) => "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes)) + "\"";

    /// <summary>The bytes as the loader reads them (UTF-8, a byte order mark dropped).</summary>
    public static string Text(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var skip = bytes.AsSpan().StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        return Encoding.UTF8.GetString(bytes, skip, bytes.Length - skip);
    }

    /// <summary>Replaces the file with <paramref name="content"/> unless it no longer hashes to <paramref name="expectedETag"/>.</summary>
    /// <returns>False when the file changed since it was read (nothing written).</returns>
    /// <param name="path">The settings file (a symbolic link: the file it points to is replaced).</param>
    /// <param name="content">The whole new content.</param>
    /// <param name="expectedETag">The ETag of the bytes the edit was made on.</param>
    /// <param name="beforeRename">Called once the temp file is complete, before the rename (tests fail there).</param>
    /// <exception cref="IOException">The folder is not writable, or the file's owner cannot be kept.</exception>
    public static bool Replace(string path, byte[] content, string expectedETag, Action? beforeRename = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(content);
        var target = Libc.RealPath(path) ?? Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(target)!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        var (mode, uid, gid) = Owner(target);
        var replaced = -1;
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            KeepOwner(temp, target, mode, uid, gid);
            beforeRename?.Invoke();

            // Under the caller's lock no edit of this leader races this; the check narrows an outside edit's window to the rename.
            if (ETagOf(File.ReadAllBytes(target)) != expectedETag)
            {
                return false;
            }

            replaced = StateFiles.HoldReplaced(target);
            File.Move(temp, target, overwrite: true);
            StateFiles.SyncFolder(folder);
            return true;
        }
        finally
        {
            File.Delete(temp);
            StateFiles.FreeLater(replaced); // freed off the value change's path
        }
    }

    private static void KeepOwner(string temp, string target, UnixFileMode mode, uint? uid, uint? gid)
    {
        File.SetUnixFileMode(temp, mode);
        var (_, tempUid, tempGid) = Owner(temp);
        if (uid is { } u && gid is { } g && (u != tempUid || g != tempGid) && Libc.Lchown(temp, u, g) != 0)
        {
            throw new IOException(
                $"{target} belongs to uid {u} gid {g}: this process (uid {Libc.Geteuid()}) cannot give the new file that owner; nothing written (run as that user)");
        }
    }

    private static (UnixFileMode Mode, uint? Uid, uint? Gid) Owner(string path)
    {
        var mode = File.GetUnixFileMode(path);
        var buffer = new byte[256];
        try
        {
            if (Libc.Statx(CurrentFolder, path, 0, ModeUidGid, buffer) == 0 && (BitConverter.ToUInt32(buffer, 0) & 0x18) == 0x18)
            {
                return (mode, BitConverter.ToUInt32(buffer, 20), BitConverter.ToUInt32(buffer, 24));
            }
        }
        catch (EntryPointNotFoundException)
        {
            // A C library without statx: the owner is whoever writes (as before this existed).
        }

        return (mode, null, null);
    }
}
