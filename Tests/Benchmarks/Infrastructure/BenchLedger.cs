using PryvBus.Leader.Versions;

namespace PryvBus.Benchmarks.Infrastructure;

/// <summary>A ledger in memory: the benchmarks measure the Redis side of a store, not the state folder's fsync.</summary>
internal sealed class BenchLedger : ISerialLedger
{
    private readonly Dictionary<string, long> _serials = new(StringComparer.Ordinal);

    public long Generation { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public long HighestStored(string role) => _serials.GetValueOrDefault(role);

    public ValueTask ReserveAsync(string role, long serial, CancellationToken ct)
    {
        _serials[role] = Math.Max(serial, _serials.GetValueOrDefault(role));
        return ValueTask.CompletedTask;
    }
}
