using System.Diagnostics;

namespace PryvBus.Shared.Logging;

/// <summary>
/// Rate limit for an error that repeats on every retry (Redis refusing a command, …): the first occurrence is logged,
/// and again when the message changes or <see cref="Interval"/> has passed; the repeats in between are counted.
/// </summary>
public sealed class RepeatedError
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private string? _last;
    private long _loggedAt;
    private int _suppressed;

    /// <summary>Whether to log <paramref name="message"/> now; when true, <paramref name="suppressed"/> says how many repeats were not.</summary>
    public bool ShouldLog(string message, out int suppressed)
    {
        lock (_lock)
        {
            if (message == _last && Stopwatch.GetElapsedTime(_loggedAt) < Interval)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }

            (_last, _loggedAt, suppressed, _suppressed) = (message, Stopwatch.GetTimestamp(), _suppressed, 0);
            return true;
        }
    }

    /// <summary>The operation succeeded: the next error is logged at once.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            (_last, _suppressed) = (null, 0);
        }
    }
}
