using PryvBus.Leader.Versions;

namespace PryvBus.Tests.Fixtures;

/// <summary>A ledger kept in memory, for tests of the store itself (the leader's durable one is <c>StoreLedger</c>).</summary>
internal sealed class MemoryLedger(long generation = 1) : ISerialLedger
{
    private readonly Dictionary<string, long> _serials = new(StringComparer.Ordinal);

    public long Generation { get; set; } = generation;

    public long HighestStored(string role)
    {
        lock (_serials)
        {
            return _serials.GetValueOrDefault(role);
        }
    }

    public ValueTask ReserveAsync(string role, long serial, CancellationToken ct)
    {
        lock (_serials)
        {
            _serials[role] = Math.Max(serial, _serials.GetValueOrDefault(role));
        }

        return ValueTask.CompletedTask;
    }
}
