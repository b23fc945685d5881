using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PryvBus.Shared.Logging;

/// <summary>
/// One backend (Redis, Docker) seen by every loop that uses it: the first failure logs one warning, the retries
/// after it log at debug, and the first success after them logs one line with how long it lasted. No stack traces:
/// the warning names the exception type and the first part of its message, escaped.
/// </summary>
public sealed partial class BackendOutage(string backend, ILogger logger)
{
    private const int MaxReasonLength = 200;
    private readonly Lock _lock = new();
    private long? _since;
    private long _endedAt = long.MinValue;
    private int _failures;

    /// <param name="step">What failed (e.g. "sync", "subscription"), for the operator.</param>
    /// <param name="exception">The failure; only its type and message are logged.</param>
    public void Failed(string step, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Failed(step, Describe(exception));
    }

    /// <summary>
    /// The same, for an attempt that began at <paramref name="startedAt"/> (<see cref="Stopwatch.GetTimestamp"/>): one
    /// begun before the last recovery (a command that waited out the outage in the client's queue and failed after it)
    /// says nothing of the backend now: while no outage is open it is logged at debug and starts none; the next attempt,
    /// begun after the recovery, reports a new outage if there is one.
    /// </summary>
    public void Failed(string step, Exception exception, long startedAt)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Record(step, Describe(exception), startedAt);
    }

    /// <inheritdoc cref="Failed(string, Exception)"/>
    public void Failed(string step, string reason) => Record(step, reason, startedAt: null);

    /// <summary>The decision and the state it changes under one lock: a recovery cannot slip in between.</summary>
    private void Record(string step, string reason, long? startedAt)
    {
        bool first;
        lock (_lock)
        {
            if (_since is null && startedAt < _endedAt)
            {
                first = false;
                reason += " (begun before the recovery)";
            }
            else
            {
                first = _since is null;
                _since ??= Stopwatch.GetTimestamp();
                _failures++;
            }
        }

        if (first)
        {
            Started(logger, backend, step, reason);
        }
        else
        {
            StillDown(logger, backend, step, reason);
        }
    }

    public void Succeeded(string step)
    {
        long since;
        int failures;
        lock (_lock)
        {
            if (_since is not { } started)
            {
                return;
            }

            (since, failures) = (started, _failures);
            (_since, _failures, _endedAt) = (null, 0, Stopwatch.GetTimestamp());
        }

        Ended(logger, backend, step, Stopwatch.GetElapsedTime(since).TotalSeconds, failures);
    }

    /// <summary>The exception's type and the first sentence of its message (client messages carry pages of diagnostics).</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message.Split([';', '\n'], 2)[0].Trim();
        if (message.Length > MaxReasonLength)
        {
            message = message[..MaxReasonLength] + "…";
        }

        return exception.GetType().Name + ": " + message;
    }

    [LoggerMessage(2400, LogLevel.Warning, "{Backend} is unreachable ({Step}: {Reason}); retrying with backoff, one line when it is back")]
    private static partial void Started(ILogger logger, string backend, string step, string reason);

    [LoggerMessage(2401, LogLevel.Debug, "{Backend} still unreachable ({Step}: {Reason})")]
    private static partial void StillDown(ILogger logger, string backend, string step, string reason);

    [LoggerMessage(2402, LogLevel.Information, "{Backend} is reachable again ({Step}) after {Seconds:0.0} s and {Failures} failed attempt(s)")]
    private static partial void Ended(ILogger logger, string backend, string step, double seconds, int failures);
}
