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
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private static FileStamp Changed(DateTimeOffset at) =>
        new(FileStamp.RegularType | 0x1A4, 42, 10, at.ToUnixTimeMilliseconds() * 1_000_000, at.ToUnixTimeMilliseconds() * 1_000_000);

    [Theory]
    [InlineData(-300, true)] // nanosecond times: past the racy window
    [InlineData(-100, false)] // within it
    [InlineData(-1_000, false)] // a whole second: within the coarse window
    [InlineData(-2_000, false)]
    [InlineData(-3_000, true)]
    public void IsRecordable_ByHowOldTheChangeTimeIs(int milliseconds, bool recordable)
    {
        // A change time 300 ms (or 100 ms) before a whole second is not itself on a whole second.
        var stamp = Changed(Now.AddMilliseconds(milliseconds));

        stamp.IsRecordable(Now).Should().Be(recordable);
        (stamp.Recordable(Now) is not null).Should().Be(recordable);
    }
}
