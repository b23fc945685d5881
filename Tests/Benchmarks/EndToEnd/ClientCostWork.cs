using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PryvBus.Shared.Native;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// What the client-cost agent does with a version whatever its client: a SHA-256 over every file (the verification's
/// share), each file whose content changed written durably (temporary file, fsync, rename, the folder's fsync), then one
/// record appended to a journal and fsynced (the manifest's delta): the follower's three fsyncs. The file replaced is held
/// open over its rename until <see cref="Release"/>, after the change's status is sent (the follower's <c>ReplacedFiles</c>).
/// </summary>
internal sealed class ClientCostWork(string folder)
{
    private readonly Dictionary<string, byte[]> _written = new(StringComparer.Ordinal);
    private readonly List<int> _replaced = [];

    public void Apply(long serial, IReadOnlyList<(string Name, byte[] Content)> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, content) in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(name));
            sha.AppendData(content);
        }

        var digest = Convert.ToHexStringLower(sha.GetHashAndReset());
        foreach (var (name, content) in files)
        {
            if (!_written.TryGetValue(name, out var old) || !old.AsSpan().SequenceEqual(content))
            {
                Write(name, content);
                _written[name] = content;
            }
        }

        using var journal = new FileStream(Path.Combine(folder, "journal"), FileMode.Append, FileAccess.Write, FileShare.None, 1);
        journal.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{serial} {digest}\n")));
        journal.Flush(flushToDisk: true);
    }

    private void Write(string name, byte[] content)
    {
        var path = Path.Combine(folder, name);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        if (Libc.Open(path, Libc.PathHandle) is var held and >= 0)
        {
            _replaced.Add(held);
        }

        File.Move(temp, path, overwrite: true);
        var fd = Libc.Open(folder, Libc.ReadOnly);
        _ = Libc.Fsync(fd);
        _ = Libc.Close(fd);
    }

    /// <summary>Lets go of the files the last changes replaced (held over their renames, as the follower holds them until its sync is over).</summary>
    public void Release()
    {
        foreach (var fd in _replaced)
        {
            _ = Libc.Close(fd);
        }

        _replaced.Clear();
    }
}
