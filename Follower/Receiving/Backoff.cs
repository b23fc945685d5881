namespace PryvBus.Follower.Receiving;

/// <summary>Exponential backoff with jitter (between half and all of the step), so followers do not retry in step.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan maximum)
{
    private int _failures;

    public TimeSpan Next()
    {
        var step = initial.TotalMilliseconds * Math.Pow(2, Math.Min(_failures, 16));
        _failures++;
        var capped = Math.Min(step, maximum.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    public void Reset() => _failures = 0;
}
