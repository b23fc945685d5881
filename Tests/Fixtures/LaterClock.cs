namespace PryvBus.Tests.Fixtures;

/// <summary>
/// The real clock, a fixed time ahead: a file just written already counts as settled (its change time older than the
/// racy window), so a test sees what a cache trusts without waiting for its files to age.
/// </summary>
public sealed class LaterClock(TimeSpan ahead) : TimeProvider
{
    /// <summary>How far ahead of the real clock; a test may move it on (a session's hours pass without waiting).</summary>
    public TimeSpan Ahead { get; set; } = ahead;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Ahead;

    /// <summary>
    /// Waits until the real clock is more than a clock tick past now: a change made after this gets another change time
    /// than any made before (two changes within one tick would share it, which is what the racy window is for).
    /// </summary>
    public static Task NextTickAsync()
    {
        var start = DateTime.UtcNow;
        return Wait.UntilAsync(() => DateTime.UtcNow - start > TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(5), "the clock to move past a tick");
    }
}
