using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// The pins of a pass's roles, asked for as soon as the pass holds <c>store.lock</c> (<see cref="State.StoreLedger"/>),
/// alongside the ledger's own read, so that each role finds its answer there once rendered instead of waiting for a
/// round trip of its own. Never before the lock: a rollback pins its role before it lets the lock go, and a pass that
/// waited for it must see that pin. A role's first read is the one started here; a retry reads again.
/// </summary>
internal sealed class PinReads(IConnectionMultiplexer redis, RedisKeys keys)
{
    private readonly Dictionary<string, Task<RedisValue>> _started = new(StringComparer.Ordinal);

    /// <summary>
    /// True for a trusted pass that read no pin (its ledger kept the previous pass's record): each role's pin is taken as
    /// absent, and its store is conditioned on that (<see cref="Versions.VersionStore.StoreAsync"/>).
    /// </summary>
    public bool Unread { get; set; }

    /// <summary>Asks for the pins of <paramref name="roles"/>; call it with <c>store.lock</c> held.</summary>
    public void Start(IEnumerable<string> roles)
    {
        var db = redis.GetDatabase();
        foreach (var role in roles)
        {
            _started[role] = db.StringGetAsync(keys.Pin(role));
        }
    }

    /// <summary>The pin of <paramref name="role"/>: the read <see cref="Start"/> began, the first time; a new one after.</summary>
    public Task<RedisValue> Take(string role) =>
        Unread ? Task.FromResult(RedisValue.Null)
        : _started.Remove(role, out var started) ? started : redis.GetDatabase().StringGetAsync(keys.Pin(role));
}
