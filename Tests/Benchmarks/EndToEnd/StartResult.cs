using System.Globalization;
using PryvBus.Benchmarks.Infrastructure;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>What <see cref="StartBench"/> measured: spawn → status ok, in milliseconds of wall time, and the process's CPU time and page faults then.</summary>
/// <param name="Restart">Restarts on the version the root already holds (the goal's case).</param>
/// <param name="NewMachine">Starts on an empty root (every file written).</param>
/// <param name="RestartCpu">The restarted process's CPU time (all its threads) when it reported.</param>
/// <param name="NewMachineCpu">The same for the new machines.</param>
internal sealed record StartResult(Percentiles Restart, Percentiles NewMachine, Percentiles RestartCpu, Percentiles NewMachineCpu)
{
    /// <summary>The restarted process's page faults (minor and major, every thread) when it reported.</summary>
    public Percentiles? RestartFaults { get; init; }

    /// <summary>The same for the new machines.</summary>
    public Percentiles? NewMachineFaults { get; init; }

    /// <summary>
    /// What a start cost besides its wall time: its CPU, and its page faults with what they come to at
    /// <paramref name="faultMicroseconds"/> each (the floor's price of one), p50.
    /// </summary>
    public string Cost(bool restart, double? faultMicroseconds)
    {
        var cpu = $"CPU p50 {ResultTable.Ms((restart ? RestartCpu : NewMachineCpu).P50)}";
        if ((restart ? RestartFaults : NewMachineFaults) is not { } faults)
        {
            return cpu;
        }

        var price = faultMicroseconds is { } each ? $", {ResultTable.Ms(faults.P50 * each / 1000)} of it at the floor's price of a fault" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{cpu}; {faults.P50:N0} page faults{price}");
    }
}
