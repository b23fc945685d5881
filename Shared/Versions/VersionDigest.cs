using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace PryvBus.Shared.Versions;

/// <summary>
/// The canonical sha256 of a version: files in ordinal path order, each as
/// UTF-8 path, NUL, secret flag (one byte), content length (8 bytes, big-endian), content.
/// The flag makes the digest cover which files the follower must protect as secret.
/// </summary>
public static partial class VersionDigest
{
    private const int HeaderLength = 10;

    /// <summary>Above this many canonical bytes, the version is hashed piece by piece instead of copied into one buffer.</summary>
    private const int OneBufferLimit = 4 * 1024 * 1024;

    public static string Compute(IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles)
    {
        string[]? order = null;
        return Compute(files, secretFiles, ref order);
    }

    /// <summary>
    /// The same digest with the paths' order given: <paramref name="order"/> is used when it holds exactly the paths of
    /// <paramref name="files"/> in strictly ascending ordinal order (checked while the bytes are laid out, without
    /// sorting: a version put together from one with the same paths has its order); otherwise it is replaced by the
    /// sorted paths.
    /// </summary>
    public static string Compute(IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles, [NotNull] ref string[]? order) =>
        Compute(files, secretFiles, ref order, null, null);

    /// <summary>
    /// The same, with the content of each path of <paramref name="order"/> (same index) as it was hashed: a reader of
    /// the version in that order needs no lookup by path.
    /// </summary>
    public static string Compute(
        IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles, [NotNull] ref string[]? order, out byte[][] contents)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Compute(files, secretFiles, ref order, null, out contents);
    }

    /// <summary>
    /// The same, with the content of each path of <paramref name="order"/> given (<paramref name="inOrder"/>, same
    /// index): the caller vouches that <paramref name="files"/> holds exactly those paths, each with that very content
    /// (a version put together from one whose layout it knows, with some of its contents replaced). The paths' order is
    /// still checked; no path is looked up, so a version of thousands of files costs its bytes, not its lookups. Without
    /// <paramref name="order"/>, or when <paramref name="inOrder"/> does not fit it, the contents are looked up as above.
    /// </summary>
    public static string Compute(
        IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles, [NotNull] ref string[]? order, byte[][]? inOrder,
        out byte[][] contents)
    {
        ArgumentNullException.ThrowIfNull(files);
        var fits = order is not null && inOrder is not null && inOrder.Length == order.Length && order.Length == files.Count;
        contents = new byte[files.Count][];
        return Compute(files, secretFiles, ref order, contents, fits ? inOrder : null);
    }

    private static string Compute(
        IReadOnlyDictionary<string, byte[]> files, IReadOnlySet<string> secretFiles, [NotNull] ref string[]? order, byte[][]? contents, byte[][]? inOrder)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(secretFiles);

        // An upper bound of the canonical bytes (UTF-8 takes at most 3 bytes per UTF-16 char), without a lookup: of the
        // contents given in order when they are (one missing: not taken), else of the files.
        var bound = inOrder is null ? -1 : Bound(order!, inOrder);
        if (bound < 0)
        {
            inOrder = null;
            bound = Bound(files);
        }

        if (bound > OneBufferLimit)
        {
            order = Sorted(files);
            return Incremental(files, secretFiles, order, contents);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)bound);
        var at = -1;
        string? digest = null;
        try
        {
            // A hint is taken only where a path's lookup is its exact text (an ordinal dictionary).
            if (order is not null && Ordinal(files) && (at = Layout(files, secretFiles, order, buffer, contents, inOrder)) >= 0)
            {
                digest = Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, at)));
            }
            else if (inOrder is null)
            {
                order = Sorted(files);
                at = Layout(files, secretFiles, order, buffer, contents, null);
                digest = Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, at)));
            }
        }
        finally
        {
            // Secret files' bytes are not left in the shared pool (all of what may have been written when cut short).
            buffer.AsSpan(0, at >= 0 ? at : (int)bound).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }

        // Without a digest, the contents given did not fit the order (not ascending): the bound was theirs, the files are
        // laid out themselves.
        return digest is not null && order is not null ? digest : Compute(files, secretFiles, ref order, contents, null);
    }
}
