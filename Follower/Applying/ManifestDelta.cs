using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace PryvBus.Follower.Applying;

/// <summary>
/// The format of <c>.pryvbus/manifest.delta</c>: what each commit changed since the last full write of
/// <c>manifest.json</c>, appended. The first line, <c>pryvbus-manifest-delta 1 {writeId}\n</c>, names the full write it
/// follows (<see cref="Manifest.WriteId"/>); each record is one line, <c>{length} {sha256 of the payload} {payload}\n</c>,
/// the payload a <see cref="ManifestDeltaRecord"/> in JSON. A record cut short at the end (an append interrupted by a
/// kill or a power loss) is ignored: the state is the last complete record's. Any other damage (a wrong checksum, a
/// bad length, a payload that is not a record) makes the whole delta unusable.
/// </summary>
internal static class ManifestDelta
{
    /// <summary>The largest payload accepted: far above any real record (a record of every file of a 100,000-file role is ~20 MB).</summary>
    public const int MaxPayload = 64 * 1024 * 1024;

    private const string Magic = "pryvbus-manifest-delta 1 ";
    private const int ChecksumLength = 64;

    /// <summary>The first line of a delta that follows the full write <paramref name="writeId"/>.</summary>
    public static byte[] Header(string writeId) => Encoding.UTF8.GetBytes(Magic + writeId + "\n");

    /// <summary>Appends one record to <paramref name="output"/>.</summary>
    public static void Append(ArrayBufferWriter<byte> output, ArrayBufferWriter<byte> scratch, ManifestDeltaRecord record)
    {
        scratch.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(scratch))
        {
            JsonSerializer.Serialize(json, record, ManifestJsonContext.Default.ManifestDeltaRecord);
        }

        var payload = scratch.WrittenSpan;
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(payload, digest);
        Span<byte> prefix = stackalloc byte[12 + ChecksumLength];
        Utf8Formatter.TryFormat(payload.Length, prefix, out var written);
        prefix[written++] = (byte)' ';
        Convert.TryToHexStringLower(digest, prefix[written..], out var hex);
        written += hex;
        prefix[written++] = (byte)' ';
        output.Write(prefix[..written]);
        output.Write(payload);
        output.Write("\n"u8);
    }

    /// <summary>Reads a delta that should follow the full write <paramref name="writeId"/> (null: a manifest without one).</summary>
    public static ManifestDeltaRead Parse(ReadOnlySpan<byte> bytes, string? writeId)
    {
        var newline = bytes.IndexOf((byte)'\n');
        if (newline < 0)
        {
            // A header cut short cannot come from this writer (the delta is created whole, by a rename): only an empty file is empty.
            return bytes.IsEmpty ? new([], 0, false, false, null) : Bad(0, "no header line");
        }

        var header = bytes[..newline];
        if (!header.StartsWith(Encoding.UTF8.GetBytes(Magic)))
        {
            return Bad(0, "not a manifest delta (unknown header)");
        }

        if (writeId is null || !header[Magic.Length..].SequenceEqual(Encoding.UTF8.GetBytes(writeId)))
        {
            return new([], newline + 1, false, true, null);
        }

        var records = new List<ManifestDeltaRecord>();
        var offset = newline + 1;
        Span<byte> digest = stackalloc byte[32];
        Span<byte> expected = stackalloc byte[ChecksumLength];
        while (offset < bytes.Length)
        {
            var rest = bytes[offset..];
            var space = rest.IndexOf((byte)' ');
            var digits = space < 0 ? rest : rest[..space];
            if (digits.IsEmpty || digits.Length > 9 || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
            {
                // Digits up to the end with no space yet: the length itself was cut short.
                return space < 0 && !digits.IsEmpty && digits.Length <= 9 && !digits.ContainsAnyExceptInRange((byte)'0', (byte)'9')
                    ? new(records, offset, true, false, null)
                    : Bad(offset, "the record's length is not a number", records);
            }

            var length = int.Parse(digits, provider: null);
            if (length > MaxPayload)
            {
                return Bad(offset, $"the record's length {length} is above {MaxPayload}", records);
            }

            var size = digits.Length + 1 + ChecksumLength + 1 + length + 1;
            if (rest.Length < size)
            {
                return new(records, offset, true, false, null);
            }

            var checksum = rest.Slice(digits.Length + 1, ChecksumLength);
            var payload = rest.Slice(digits.Length + 2 + ChecksumLength, length);
            if (rest[digits.Length + 1 + ChecksumLength] != (byte)' ' || rest[size - 1] != (byte)'\n')
            {
                return Bad(offset, "the record is not delimited as written", records);
            }

            SHA256.HashData(payload, digest);
            Convert.TryToHexStringLower(digest, expected, out _);
            if (!checksum.SequenceEqual(expected))
            {
                return Bad(offset, "the record's checksum does not match its content", records);
            }

            if (Record(payload) is not { } record)
            {
                return Bad(offset, "the record's content is not a manifest change", records);
            }

            records.Add(record);
            offset += size;
        }

        return new(records, offset, false, false, null);
    }

    /// <summary>
    /// What <paramref name="to"/> changed since <paramref name="from"/>; with <paramref name="touched"/>, only those paths
    /// are compared (every other path has the very same entry in both).
    /// </summary>
    public static ManifestDeltaRecord Diff(Manifest from, Manifest to, IReadOnlyCollection<string>? touched = null)
    {
        var record = new ManifestDeltaRecord
        {
            Role = to.Role, Serial = to.Serial, Generation = to.Generation, Sha256 = to.Sha256, Applied = to.Applied,
        };
        foreach (var path in touched ?? (IEnumerable<string>)to.Files.Keys)
        {
            if (!to.Files.TryGetValue(path, out var entry))
            {
                continue;
            }

            if (!from.Files.TryGetValue(path, out var old)
                || (!ReferenceEquals(old, entry) && (old.Sha256 != entry.Sha256 || old.Secret != entry.Secret || old.Stamp != entry.Stamp)))
            {
                record.Files[path] = entry;
            }
        }

        foreach (var path in touched ?? (IEnumerable<string>)from.Files.Keys)
        {
            if (from.Files.ContainsKey(path) && !to.Files.ContainsKey(path))
            {
                record.Removed.Add(path);
            }
        }

        return record;
    }

    /// <summary>The state after <paramref name="records"/>, starting from <paramref name="full"/> (left as it is).</summary>
    public static Manifest Replay(Manifest full, IReadOnlyList<ManifestDeltaRecord> records)
    {
        var state = new Manifest
        {
            Role = full.Role, Serial = full.Serial, Generation = full.Generation, Sha256 = full.Sha256, Applied = full.Applied,
            WriteId = full.WriteId, Files = new Dictionary<string, ManifestEntry>(full.Files, StringComparer.Ordinal),
        };
        foreach (var record in records)
        {
            (state.Role, state.Serial, state.Generation, state.Sha256, state.Applied) =
                (record.Role, record.Serial, record.Generation, record.Sha256, record.Applied);
            foreach (var (path, entry) in record.Files)
            {
                state.Files[path] = entry;
            }

            foreach (var path in record.Removed)
            {
                state.Files.Remove(path);
            }
        }

        return state;
    }

    /// <summary>The record in <paramref name="payload"/>, or null when it is not one (JSON or a field missing).</summary>
    private static ManifestDeltaRecord? Record(ReadOnlySpan<byte> payload)
    {
        ManifestDeltaRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(payload, ManifestJsonContext.Default.ManifestDeltaRecord);
        }
        catch (JsonException)
        {
            return null;
        }

        return record is { Role: not null, Sha256: not null, Applied: not null, Files: not null, Removed: not null }
            && record.Files.Values.All(e => e is { Sha256: not null })
            && record.Removed.TrueForAll(p => p is not null)
            ? record
            : null;
    }

    /// <summary>A delta that cannot be used from <paramref name="offset"/>; <paramref name="before"/>, the complete records before it, only say which versions were applied.</summary>
    private static ManifestDeltaRead Bad(int offset, string problem, List<ManifestDeltaRecord>? before = null) =>
        new(before ?? [], 0, false, false, $"byte {offset}: {problem}");
}
