using Microsoft.Extensions.Logging;
using PryvBus.Leader.Logging;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Leader.Versions;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// One role of a pass (<see cref="PlatformPipeline"/>): its render, the new secrets sealed, its store (only when the
/// content changed, or the current version must be repaired) and its announcement; a role pinned by a rollback keeps its
/// pinned content instead. A secret another process created meanwhile makes the role render again, up to three times.
/// </summary>
/// <param name="watch">The file watch the renders keep stamps of (<see cref="IWatchedTree"/>); null: none.</param>
/// <param name="trustWatch">Whether this pass takes a role's folder the watch vouches for as listed before.</param>
internal sealed class RolePass(IConnectionMultiplexer redis, TemplateRenderer renderer, ILogger logger, IWatchedTree? watch = null, bool trustWatch = false)
{
    private const int MaxSecretConflicts = 3;

    /// <summary>Runs <paramref name="role"/> under the pass's secrets, ledger and pins; its report, or an exception that ends the pass.</summary>
    public async Task<RoleReport> RunAsync(
        LeaderSettings settings, string role, string reason, PassSecrets passSecrets, VersionStore store, ISerialLedger ledger, PinReads pins,
        RoleAnnouncer announcer, Func<ValueTask<bool>>? inputsSettled, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            // A pinned role does not use its render, but its pinned version is repaired even when the templates fail.
            // The pin was asked for with the ledger's read (a retry asks again); it is awaited once the role is rendered.
            var pinKey = settings.Keys.Pin(role);
            var pinRead = pins.Take(role);
            var secrets = await passSecrets.ResolverAsync(settings, role);
            var render = renderer.Render(settings, role, secrets, watch, trustWatch, ct);
            if (!render.Succeeded)
            {
                LeaderLog.RoleRenderFailed(logger, role, render.Errors.Count, string.Join('\n', render.Errors));
            }

            var pinned = await pinRead;
            var pinUnread = pins.Unread;
            if (inputsSettled is not null && (!pinned.IsNull || render.Succeeded))
            {
                var settled = inputsSettled();
                var waited = !settled.IsCompleted;
                if (!await settled)
                {
                    LeaderLog.RoleInputsMoved(logger, role);
                    return new RoleReport(role, render, null, 0);
                }

                if (waited)
                {
                    pinned = await redis.GetDatabase().StringGetAsync(pinKey); // a pin written by hand meanwhile (rollback, unpin and restore wait for store.lock)
                    pinUnread = false;
                }
            }

            if (!pinned.IsNull)
            {
                var at = VersionNumber.TryParse(pinned, out var pin) ? pin : throw new StoreDataException(VersionNumber.Refusal(pinKey.ToString(), pinned));
                return await RunPinnedAsync(settings, role, reason, render, at, store, ledger, announcer, ct);
            }

            if (!render.Succeeded)
            {
                return new RoleReport(role, render, null, 0);
            }

            var version = render.Version!;
            var (sealProblem, sealConflict) = await passSecrets.SealAsync(settings, role, version);
            if (sealProblem is not null)
            {
                LeaderLog.RoleRenderFailed(logger, role, 1, sealProblem.ToString());
                return new RoleReport(role, render with { Version = null, Errors = [sealProblem] }, null, 0);
            }

            await RolloutHold.HoldAsync(redis, settings, role, ledger);
            var result = sealConflict ? null
                : await store.StoreAsync(
                    version.WithComponents(settings.Components), settings.Followers, reason, ledger, await announcer.EventInCommitAsync(version), pinUnread, ct);
            var conflict = sealConflict || result!.Outcome == StoreOutcome.SecretConflict;
            if (conflict && attempt < MaxSecretConflicts)
            {
                LeaderLog.SecretConflict(logger, role);
                continue;
            }

            if (conflict)
            {
                throw new InvalidOperationException($"Role '{role}': secrets kept being created concurrently (is another leader running?).");
            }

            if (version.NewSecrets.Count > 0)
            {
                LeaderLog.SecretsGenerated(logger, version.NewSecrets.Count, role, string.Join(", ", version.NewSecrets.Select(s => s.Name)));
            }

            if (result!.Outcome == StoreOutcome.Unchanged)
            {
                LeaderLog.RoleUnchanged(logger, role, result.Serial);
                return new RoleReport(role, render, result, 0);
            }

            if (result.Repair is not null)
            {
                LeaderLog.RoleRepaired(logger, role, result.Repair, result.Serial, result.Generation);
            }

            LeaderLog.RoleStored(logger, role, result.Serial, version.Files.Count, result.Sha256, reason);
            return new RoleReport(role, render, result,
                result.Published is { } receivers ? announcer.Published(result, version, receivers) : await announcer.AnnounceAsync(result, version));
        }
    }

    /// <summary>
    /// A role pinned by a rollback keeps its pinned content, with the repairs every role gets: when the current version
    /// cannot stay (another generation, below the serial this leader stored, tampered) the pinned content is stored
    /// again as a new serial and the pin moves there; followers added or re-keyed get their signatures.
    /// </summary>
    private async Task<RoleReport> RunPinnedAsync(
        LeaderSettings settings, string role, string reason, RoleRender render, long at, VersionStore store, ISerialLedger ledger, RoleAnnouncer announcer,
        CancellationToken ct)
    {
        var content = await PinnedContent.ReadAsync(store, role, at);
        await RolloutHold.HoldAsync(redis, settings, role, ledger);
        var result = await store.StoreAsync(content.WithComponents(settings.Components), settings.Followers, reason, ledger, ct: ct);
        if (result.Serial != at)
        {
            // Conditioned on the pin: a pin changed meanwhile by hand wins (rollback, unpin and restore wait for store.lock).
            var pinKey = settings.Keys.Pin(role);
            var tx = redis.GetDatabase().CreateTransaction();
            tx.AddCondition(Condition.StringEqual(pinKey, at));
            _ = tx.StringSetAsync(pinKey, result.Serial);
            if (await tx.ExecuteAsync())
            {
                LeaderServiceLog.PinMoved(logger, role, at, result.Serial, result.Repair ?? "the pinned serial is not the current one");
            }
        }

        if (result.Outcome != StoreOutcome.Stored)
        {
            if (render.Succeeded)
            {
                LeaderLog.RolePinned(logger, role, result.Serial);
            }

            return new RoleReport(role, render, result, 0) { PinnedAt = result.Serial };
        }

        LeaderLog.RoleStored(logger, role, result.Serial, content.Files.Count, result.Sha256, reason);
        return new RoleReport(role, render, result, await announcer.AnnounceAsync(result, content)) { PinnedAt = result.Serial };
    }
}
