using System.Diagnostics;
using System.Globalization;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Crash-test hook: with <c>PRYVBUS_FAULT_CRASH_AT=STEP[:N]</c> the process kills itself (SIGKILL, like kill -9)
/// the N-th time it reaches STEP. Steps: <c>after-journal</c>, <c>mid-write</c>, <c>after-temp-write</c>,
/// <c>after-rename</c>, <c>after-delete</c>, <c>before-manifest</c>, <c>after-manifest</c>. Inert when unset.
/// </summary>
public sealed class FaultInjector
{
    public const string Variable = "PRYVBUS_FAULT_CRASH_AT";

    private readonly string? _step;
    private readonly int _at;
    private int _hits;

    public FaultInjector(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return;
        }

        var parts = spec.Split(':', 2);
        _step = parts[0].Trim();
        _at = parts.Length == 2 ? int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture) : 1;
    }

    public static FaultInjector None { get; } = new(null);

    public static FaultInjector FromEnvironment() => new(Environment.GetEnvironmentVariable(Variable));

    public void Hit(string step)
    {
        if (_step is not null && step == _step && Interlocked.Increment(ref _hits) == _at)
        {
            using var self = Process.GetCurrentProcess();
            self.Kill();
            Environment.FailFast("fault injected at " + step);
        }
    }
}
