using System.Buffers;
using CsCheck;
using PryvBus.Follower.Applying;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// <see cref="ManifestDelta.Parse"/> over generated records, cut short anywhere and damaged anywhere: a delta cut short
/// gives back the complete records before the cut, never a wrong one; a damaged byte gives back a prefix of the records
/// written or one problem, never a record that was not written, and never an exception.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ManifestDeltaPropertyTests
{
    private const string WriteId = "0123456789abcdef";

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.Const("core/conf/core.yml"), Gen.Const("a b\nc\"d"), Gen.Const("é/ü"), Gen.String[0, 12]);

    private static readonly Gen<ManifestEntry> Entry = Gen.Select(Gen.String[0, 70], Gen.Bool, Gen.Bool, Text)
        .Select((sha, secret, stamped, stamp) => new ManifestEntry { Sha256 = sha, Secret = secret, Stamp = stamped ? stamp : null });

    private static readonly Gen<ManifestDeltaRecord> Record = Gen.Select(Text, Gen.Long, Gen.Long[0, 5], Text, Gen.Dictionary(Text, Entry)[0, 4], Text.List[0, 3])
        .Select((role, serial, generation, sha, files, removed) => new ManifestDeltaRecord
        {
            Role = role, Serial = serial, Generation = generation, Sha256 = sha, Applied = "2026-01-01T00:00:00.000Z",
            Files = new Dictionary<string, ManifestEntry>(files, StringComparer.Ordinal), Removed = removed,
        });

    private static byte[] Delta(IEnumerable<ManifestDeltaRecord> records)
    {
        var output = new ArrayBufferWriter<byte>();
        output.Write(ManifestDelta.Header(WriteId));
        var scratch = new ArrayBufferWriter<byte>();
        foreach (var record in records)
        {
            ManifestDelta.Append(output, scratch, record);
        }

        return output.WrittenSpan.ToArray();
    }

    private static string Show(ManifestDeltaRecord r) =>
        $"{r.Role}|{r.Serial}|{r.Generation}|{r.Sha256}|{r.Applied}|{string.Join(';', r.Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value.Sha256},{f.Value.Secret},{f.Value.Stamp ?? "-"}"))}|{string.Join(';', r.Removed)}";

    private static bool IsPrefix(IReadOnlyList<ManifestDeltaRecord> read, IReadOnlyList<ManifestDeltaRecord> written) =>
        read.Count <= written.Count && read.Select(Show).SequenceEqual(written.Take(read.Count).Select(Show));

    [Fact]
    public void Parse_WrittenRecords_ReadBackTheSame() =>
        Record.List[0, 6].Sample(records =>
        {
            var bytes = Delta(records);
            var read = ManifestDelta.Parse(bytes, WriteId);
            return read is { Problem: null, Torn: false, Stale: false } && read.Length == bytes.Length && read.Records.Select(Show).SequenceEqual(records.Select(Show));
        });

    [Fact]
    public void Parse_CutAnywhere_CompleteRecordsBeforeTheCutAndNoProblem() =>
        Gen.Select(Record.List[1, 5], Gen.Double[0, 1]).Sample((records, at) =>
        {
            var bytes = Delta(records);
            var header = ManifestDelta.Header(WriteId).Length;
            var cut = header + (int)((bytes.Length - header) * at);
            var read = ManifestDelta.Parse(bytes.AsSpan(0, cut), WriteId);
            return read.Problem is null && read.Torn == (cut < bytes.Length && !Boundaries(records).Contains(cut)) && IsPrefix(read.Records, records)
                && read.Records.Count == Boundaries(records).Count(b => b <= cut) - 1;
        });

    [Fact]
    public void Parse_OneByteDamaged_PrefixOfTheRecordsOrAProblem() =>
        Gen.Select(Record.List[1, 4], Gen.Double[0, 1], Gen.Byte).Sample((records, at, value) =>
        {
            var bytes = Delta(records);
            var index = Math.Min(bytes.Length - 1, (int)(bytes.Length * at));
            bytes[index] = value;
            var read = ManifestDelta.Parse(bytes, WriteId);
            return read.Problem is not null || read.Stale || IsPrefix(read.Records, records);
        });

    [Fact]
    public void Parse_RandomBytes_NeverThrows() =>
        Gen.Byte.Array[0, 300].Sample(garbage =>
        {
            var bytes = ManifestDelta.Header(WriteId).Concat(garbage).ToArray();
            var read = ManifestDelta.Parse(bytes, WriteId);
            return read.Problem is not null || read.Records.Count == 0 || read.Records.All(r => r.Role is not null);
        });

    [Fact]
    public void Parse_OtherWriteId_StaleWithoutRecords()
    {
        var read = ManifestDelta.Parse(Delta([new ManifestDeltaRecord { Role = "core", Serial = 2 }]), "fedcba9876543210");

        read.Stale.Should().BeTrue();
        read.Records.Should().BeEmpty();
        read.Problem.Should().BeNull();
    }

    /// <summary>Where each record starts, and the end.</summary>
    private static List<int> Boundaries(IReadOnlyList<ManifestDeltaRecord> records) =>
        [.. Enumerable.Range(0, records.Count + 1).Select(n => Delta(records.Take(n)).Length)];
}
