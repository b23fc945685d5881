using System.Globalization;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Rollout;

/// <summary>
/// One step of the wave state machine of a role under a policy. A new serial admits wave 1; the next wave is admitted
/// once every follower of the current one runs the version, healthy for the soak time; a revert or an error of an
/// admitted follower halts (and with <c>halt-and-pin</c> pins the role to the last good serial, admitted to all). The
/// state lives in Redis: a restarted leader resumes; a state of another store generation (Redis lost its data) or none
/// starts again from wave 1, never all at once. Each write is conditioned on the state read (<see cref="RolloutSnapshot"/>):
/// an operator's action between the read and the write wins, and this step writes nothing more.
/// </summary>
public sealed class RolloutDriver(IConnectionMultiplexer redis, ILogger logger, TimeProvider? time = null, IRolloutObserver? observer = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task StepAsync(LeaderSettings settings, string role, RolloutPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(policy);
        var keys = settings.Keys;
        var db = redis.GetDatabase();
        if (!VersionNumber.TryParse(await db.StringGetAsync(keys.Generation), out var generation)
            || !VersionNumber.TryParse(await db.StringGetAsync(keys.Serial(role)), out var serial))
        {
            return; // Nothing stored yet (or garbage the pipeline reports): nothing to admit.
        }

        var waves = policy.Resolve([.. settings.Followers.Where(f => f.Role == role).Select(f => f.Id)]);
        if (waves.Count == 0)
        {
            return;
        }

        var (state, revision) = await RolloutSnapshot.ReadAsync(db, keys.Rollout(role));
        var ops = new RolloutWriter(redis, settings, role, waves, logger, observer, revision);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (state is null || state.Generation != generation)
        {
            await ops.StartAsync(generation, serial, lastGood: 0, now, "started");
            return;
        }

        if (serial > state.Serial)
        {
            if (serial == state.PinSerial)
            {
                await ops.AdmitAllAsync(state with { Serial = serial, Phase = RolloutPhase.Pinned, Wave = waves.Count - 1 }, "pinned");
                return;
            }

            var lastGood = state.Phase == RolloutPhase.Done ? state.Serial : state.LastGood;
            await ops.StartAsync(generation, serial, lastGood, now, "started");
            return;
        }

        if (serial == state.Serial && state.Phase == RolloutPhase.Running)
        {
            await RunningAsync(ops, policy, waves, state, now);
        }
    }

    private async Task RunningAsync(RolloutWriter ops, RolloutPolicy policy, IReadOnlyList<IReadOnlyList<string>> waves, RolloutState state, long now)
    {
        var wave = Math.Min(state.Wave, waves.Count - 1);
        var reports = await ops.ReportsAsync(waves.Take(wave + 1).SelectMany(w => w));
        if (reports.FirstOrDefault(r => r.Value?.Failed(state.Serial) == true) is { Value: { } bad } failed)
        {
            var reason = $"{failed.Key} reports {bad.State}" + (bad.Error.Length > 0 ? ": " + bad.Error : string.Empty);
            await HaltAsync(ops, policy, state, reason);
            return;
        }

        var pending = waves[wave].Where(id => !state.Skipped.Contains(id))
            .Where(id => reports[id]?.Healthy(state.Generation, state.Serial, out _) != true).ToArray();
        if (pending.Length > 0)
        {
            if (now - state.WaveAdmittedMs <= policy.FollowerTimeoutSeconds * 1000L)
            {
                if (state.WaveHealthyMs != 0)
                {
                    await ops.SaveAsync(state with { WaveHealthyMs = 0 });
                }

                return;
            }

            var who = string.Join(", ", pending);
            if (policy.SkipOnTimeout)
            {
                await ops.SaveAsync(state with { Skipped = [.. state.Skipped, .. pending] }, "skipped", $"{who} not healthy after {policy.FollowerTimeoutSeconds} s");
            }
            else
            {
                await HaltAsync(ops, policy, state, $"{who} not healthy after {policy.FollowerTimeoutSeconds} s");
            }

            return;
        }

        if (state.WaveHealthyMs == 0)
        {
            state = state with { WaveHealthyMs = now };
            if (!await ops.SaveAsync(state))
            {
                return; // An operator's action (or another step) came first: the next step reads it.
            }
        }

        // The soak runs from the latest "healthy since" a follower reports, or from when the leader saw the wave healthy.
        var soakFrom = waves[wave].Where(id => !state.Skipped.Contains(id))
            .Select(id => reports[id]!.Healthy(state.Generation, state.Serial, out var since) && since > 0 ? since : state.WaveHealthyMs)
            .DefaultIfEmpty(state.WaveHealthyMs).Max();
        if (now - soakFrom < policy.SoakSeconds * 1000L)
        {
            return;
        }

        if (wave + 1 >= waves.Count)
        {
            await ops.SaveAsync(state with { Phase = RolloutPhase.Done, LastGood = state.Serial }, "completed");
            return;
        }

        await ops.AdmitWaveAsync(state with { Wave = wave + 1, WaveAdmittedMs = now, WaveHealthyMs = 0 }, "wave admitted");
    }

    private async Task HaltAsync(RolloutWriter ops, RolloutPolicy policy, RolloutState state, string reason)
    {
        var halted = state with { Phase = RolloutPhase.Halted, Reason = reason };
        if (!policy.PinOnFailure || state.LastGood == 0)
        {
            await ops.SaveAsync(halted, "halted", reason);
            return;
        }

        try
        {
            var pin = await ops.PinAsync(state.LastGood);
            await ops.SaveAsync(halted with { PinSerial = pin }, "halted", string.Create(CultureInfo.InvariantCulture, $"{reason}; pinned to serial {state.LastGood} as serial {pin}"));
        }
        catch (Exception ex) when (ex is InvalidOperationException or RedisException or Versions.StoreDataException)
        {
            await ops.SaveAsync(halted with { Reason = reason + "; pin failed: " + ex.Message }, "halted", reason + "; pin failed: " + ex.Message);
        }
    }
}
