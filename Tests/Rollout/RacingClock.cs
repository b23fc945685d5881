namespace PryvBus.Tests.Rollout;

/// <summary>
/// A fixed clock that runs a test's action the next time it is read. The rollout driver and the operator's actions read
/// the clock once, after reading the rollout state and before writing it: the action lands exactly in that window.
/// </summary>
internal sealed class RacingClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Run (to completion) on the next read of the clock, then forgotten.</summary>
    public Func<Task>? BeforeNextRead { get; set; }

    public override DateTimeOffset GetUtcNow()
    {
        if (BeforeNextRead is { } action)
        {
            BeforeNextRead = null;

            // Off the test's synchronization context, so that blocking here cannot deadlock the action's continuations.
            Task.Run(action).GetAwaiter().GetResult();
        }

        return Now;
    }
}
