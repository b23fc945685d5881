using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Publishing;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// Republishes a retained version's content as a new serial (serials only grow) and pins the role there, so the next
/// render of the templates that were rolled back does not undo it. <c>unpin</c> hands the role back to the templates.
/// </summary>
public sealed class Rollback(IConnectionMultiplexer redis, LeaderSettings settings, ILogger? logger = null)
{
    private readonly RedisKeys _keys = new(settings.KeyPrefix);

    /// <exception cref="InvalidOperationException">The serial is not retained.</exception>
    public async Task<StoreResult> RollbackAsync(string role, long serial)
    {
        var store = new VersionStore(redis, _keys, settings.HistoryLength);
        var old = await store.ReadAsync(role, serial);
        if (old is null || old.Files.Count == 0)
        {
            var retained = await store.HistoryAsync(role);
            throw new InvalidOperationException(
                $"serial {serial} of role '{role}' is not retained (retained: {(retained.Count == 0 ? "none" : string.Join(", ", retained))})");
        }

        var version = new RenderedVersion(role, old.Files, old.SecretFiles, old.Secrets);
        StoreResult result;
        using (var ledger = await StoreLedger.OpenAsync(redis, _keys, settings.StateDirectory, logger ?? NullLogger.Instance))
        {
            await RolloutHold.HoldAsync(redis, settings, role, ledger);

            result = await store.StoreAsync(version.WithComponents(settings.Components), settings.Followers, $"rollback to serial {serial}", ledger);

            // Before store.lock is let go: a pass waiting for it reads the pin once it holds it (PinReads), so it keeps the
            // rolled-back content instead of storing its render on top of it.
            await redis.GetDatabase().StringSetAsync(_keys.Pin(role), result.Serial);
        }

        if (result.Outcome == StoreOutcome.Stored)
        {
            await new EventPublisher(redis, _keys).PublishAsync(new ConfigEvent(role, result.Serial, result.Sha256));
        }

        return result;
    }

    /// <summary>Hands the role back to its templates, under store.lock: a pass holding it reads its pins only once (PinReads).</summary>
    /// <returns>True when the role was pinned.</returns>
    public async Task<bool> UnpinAsync(string role)
    {
        using (await StoreLedger.LockAsync(settings.StateDirectory))
        {
            return await redis.GetDatabase().KeyDeleteAsync(_keys.Pin(role));
        }
    }

    /// <exception cref="StoreDataException">The pin key holds no valid serial.</exception>
    public async Task<long?> PinnedAtAsync(string role)
    {
        var value = await redis.GetDatabase().StringGetAsync(_keys.Pin(role));
        if (value.IsNull)
        {
            return null;
        }

        return VersionNumber.TryParse(value, out var serial) ? serial : throw new StoreDataException(VersionNumber.Refusal(_keys.Pin(role).ToString(), value));
    }
}
