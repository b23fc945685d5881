using Microsoft.Extensions.Logging;
using PryvBus.Leader.Logging;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Leader.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// Opens what a pass reads before it renders. A full open reconciles the secrets with Redis while the store ledger
/// opens (<c>store.lock</c>, the record, the generation key and the roles' pins read under the lock): one round trip,
/// each side's answer awaited. A trusted pass with its pipeline's <see cref="PassMemo"/> reads none of it when the state
/// folder's record is still the one the previous pass left (<see cref="StoreLedger.OpenAsync(IConnectionMultiplexer, Shared.RedisKeys, string, ILogger, TimeProvider?, Action?, StoreRecord?, CancellationToken)"/>):
/// it reuses that pass's reconciliation and replica count, takes the generation from the record and each pin as absent,
/// and its stores are conditioned on both (<see cref="StaleReadsException"/> when they moved). Every round trip left on
/// this machine costs a thread hand-off or two on each side (docs/performance.md, session 39).
/// </summary>
internal static class PassOpening
{
    public static async Task<OpenedPass> OpenAsync(
        IConnectionMultiplexer redis, LeaderSettings settings, VersionStore store, IReadOnlyList<string> allRoles, IReadOnlyList<string> roles, PassMemo? memo,
        SecretState? previousState, Func<string, string?> environment, ILogger logger, TimeProvider? time, CancellationToken ct)
    {
        var keys = settings.Keys;
        var pins = new PinReads(redis, keys);

        // Not for a pass with a rollout policy (its hold is written before the store, under the generation of the record),
        // nor with a state object another pass took meanwhile.
        if (memo is not null && memo.Prefix == keys.Prefix && memo.StateDirectory == settings.StateDirectory && settings.Rollout.Count == 0
            && ReferenceEquals(previousState, memo.Secrets.State) && memo.Secrets.StillCurrent())
        {
            var now = (time ?? TimeProvider.System).GetUtcNow();
            var replicas = memo.Replicas is { IsCompletedSuccessfully: true, Result: { } count } && now - memo.AskedAt <= PassMemo.ReplicasFresh
                ? Task.FromResult(count)
                : store.ReplicaCountAsync();
            var ledger = await StoreLedger.OpenAsync(redis, keys, settings.StateDirectory, logger, time, () => pins.Start(roles), memo.Record, ct);
            if (ledger.GenerationUnread)
            {
                LeaderLog.PassTrusted(logger, ledger.Generation);
                pins.Unread = true;
                return new OpenedPass(PassSecrets.Reuse(redis, settings, environment, logger, memo.Secrets), ledger, pins, replicas);
            }

            // Another process used the ledger since (a rollback, a restore, a command): everything is read.
            try
            {
                return new OpenedPass(await PassSecrets.OpenAsync(redis, settings, environment, logger, memo.Secrets.State, allRoles), ledger, pins, replicas);
            }
            catch
            {
                ledger.Dispose();
                throw;
            }
        }

        // Whether a replica must acknowledge before an event goes out: asked once per pass, alongside the pass's other work.
        var replicaCount = store.ReplicaCountAsync();
        var secretsOpening = PassSecrets.OpenAsync(redis, settings, environment, logger, previousState, allRoles);

        // The store's ledger (store.lock, the roles' pins, its record, the generation key) opens while the secrets' round
        // trip is in flight.
        // The reconciliation may hold secrets.lock meanwhile, but it never waits for store.lock: no wait for each other
        // (docs/state-and-backup.md, "Locks"). A pass whose secrets fail stops the ledger's open and lets it go.
        using var ledgerStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var ledgerOpening = StoreLedger.OpenAsync(redis, keys, settings.StateDirectory, logger, time, () => pins.Start(roles), ct: ledgerStop.Token);
        PassSecrets secrets;
        try
        {
            secrets = await secretsOpening;
        }
        catch
        {
            await ledgerStop.CancelAsync();
            await ReleaseAsync(ledgerOpening, logger);
            throw;
        }

        return new OpenedPass(secrets, await ledgerOpening, pins, replicaCount);
    }

    /// <summary>
    /// Lets go of a ledger opened for a pass that failed before using it (store.lock released). Best effort: whatever the
    /// ledger's own open did (stopped, refused, failed), the secrets' failure is the one the pass reports.
    /// </summary>
    private static async Task ReleaseAsync(Task<StoreLedger> opening, ILogger logger)
    {
        try
        {
            (await opening).Dispose();
        }
        catch (Exception ex)
        {
            LeaderLog.LedgerNotOpened(logger, ex.GetType().Name, ex.Message);
        }
    }
}
