using CsCheck;
using PryvBus.Follower.Applying;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The plan's read of a file it must compare (<see cref="DiskContent"/>): exactly the bytes given, whatever the file
/// holds (the same, other bytes of the same length, a prefix, more), real files; nothing it cannot read is decided.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class DiskContentTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private enum Disk
    {
        Same, OtherBytes, Shorter, Longer, Empty,
    }

    [Fact]
    public void Holds_GeneratedFiles_ExactlyWhenTheBytesAreTheSame()
    {
        Gen.Select(Gen.Byte.Array[0, 9000], Gen.Enum<Disk>(), Gen.Int[0, 8999]).Sample(
            (content, disk, at) =>
            {
                var onDisk = disk switch
                {
                    Disk.Same => content,
                    Disk.OtherBytes when content.Length > 0 => Flipped(content, at % content.Length),
                    Disk.Shorter when content.Length > 0 => content[..(at % content.Length)],
                    Disk.Longer => [.. content, (byte)at],
                    _ => [],
                };
                var path = _dir.Combine(Guid.NewGuid().ToString("N") + ".conf"); // samples run in parallel
                File.WriteAllBytes(path, onDisk);

                DiskContent.Holds(path, content).Should().Be(onDisk.AsSpan().SequenceEqual(content));
            },
            iter: 500);
    }

    [Fact]
    public void Holds_ALinkAsTheLastPart_NotOpened()
    {
        // A link put in the file's place after the plan looked at it (a FIFO, a device behind it) is never opened: the
        // plan then writes the file, whose rename replaces the link.
        var target = _dir.Write("target.conf", "same");
        var link = _dir.Combine("link.conf");
        File.CreateSymbolicLink(link, target);

        DiskContent.Holds(link, "same"u8).Should().BeNull();
    }

    [Fact]
    public void Holds_NothingThere_Undecided()
    {
        DiskContent.Holds(_dir.Combine("missing.conf"), "x"u8).Should().BeNull();
    }

    [Fact]
    public void Holds_AFolder_DoesNot()
    {
        Directory.CreateDirectory(_dir.Combine("folder"));

        DiskContent.Holds(_dir.Combine("folder"), ""u8).Should().BeFalse("a folder opens, but its read fails");
    }

    [Fact]
    public async Task Holds_AFifoWithNoWriter_DoesNotWait()
    {
        // Put at a config path between the plan's stamp and its read, a FIFO must not hold the follower.
        var fifo = _dir.Combine("fifo.conf");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            mkfifo.ExitCode.Should().Be(0);
        }

        var read = Task.Run(() => DiskContent.Holds(fifo, "x"u8));

        (await read.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeFalse();
    }

    private static byte[] Flipped(byte[] content, int at)
    {
        var copy = (byte[])content.Clone();
        copy[at] ^= 0xFF;
        return copy;
    }

    public void Dispose() => _dir.Dispose();
}
