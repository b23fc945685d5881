using PryvBus.Follower.Applying;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// A file's stamp stands for its content only once a later write cannot leave the same stamp: its change time older than
/// the racy window, or, on a file system that keeps whole seconds (its change times fall on a whole second), older than
/// the coarse window: a write later in that second would keep the same change time.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class FileStampTests
{
    private static FileStamp ChangedAt(long changedNs) => new(FileStamp.RegularType | 0x1A4, 42, 10, changedNs, changedNs);

    [Theory]
    [InlineData(100, 400, true)] // nanosecond times: past the racy window (250 ms)
    [InlineData(100, 300, false)] // within it
    [InlineData(0, 2_400, false)] // a change time on a whole second: within the coarse window (2.5 s)
    [InlineData(0, 2_600, true)]
    public void IsRecordable_ByHowOldTheChangeTimeIs(int changedMs, int nowMs, bool recordable)
    {
        // Milliseconds after a whole second: the change time, and the moment it is looked at.
        var second = 1_800_000_000L * 1_000_000_000;
        var stamp = ChangedAt(second + (changedMs * 1_000_000L));
        var now = DateTimeOffset.FromUnixTimeMilliseconds((second / 1_000_000) + nowMs);

        stamp.IsRecordable(now).Should().Be(recordable);
        (stamp.Recordable(now) is not null).Should().Be(recordable);
    }
}
