using PryvBus.Shared.Status;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Admission;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Checking;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Logging;
using PryvBus.Follower.Policy;
using PryvBus.Follower.Receiving;
using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Logging;
using PryvBus.Shared.Runtime;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Follower.Agent;

/// <summary>
/// The one loop that changes the disk: on each signal, read the serial (the truth), and when it differs from the
/// applied version fetch, verify, apply, hand the changed components to the container step and report.
/// A rejected version keeps the last good config; a Redis outage keeps the files and retries with backoff; Redis refusing
/// a command (NOPERM…) does too, logged as an error with its message, rate-limited (<see cref="RedisFailure"/>).
/// Versions are ordered by (generation, serial), both signed: an older one is never applied. Components that declare a
/// check have their new files checked first (<see cref="StagedChecks"/>); a failed check keeps the last good files, is
/// reported as a revert (<c>state reverted</c>) and is not run again for the same version until a new serial, an
/// operator's reload or a restart of the follower. Before that, a version whose <c>pryv.yml</c> this follower's compose
/// policy refuses (<see cref="ComposePolicy"/>) lands no file and is reported as an error naming the service and the rule.
/// </summary>
public sealed class SyncLoop(
    FollowerSettings settings,
    VersionFetcher fetcher,
    ConfigApplier applier,
    IContainerRestarter restarter,
    StatusReporter reporter,
    SyncSignal signal,
    ILogger<SyncLoop> logger,
    ComposePolicy policy,
    FollowerMetrics? metrics = null,
    BackendOutage? redisOutage = null,
    StagedChecks? checks = null,
    AdmissionGate? admission = null,
    RevertStore? reverts = null,
    HealthGate? health = null,
    IdleTrim? idleTrim = null)
{
    private const int MaxVanishedRetries = 5;
    private bool _trimOwed;
    private long _appliedGeneration;
    private long _appliedSerial;
    private string? _appliedSha;

    /// <summary>The version the root was last brought to by this process (null after a start): a config event's delta is from it.</summary>
    private VerifiedVersion? _held;
    private (long Serial, long Generation, string Sha256)? _refused;
    private (long Serial, long Generation, string Sha256, string Error)? _checkRefused;
    private (long Serial, long Generation, string Sha256, string Error)? _policyRefused;
    private RevertRecord? _reverted;
    private (long Serial, string Error)? _restartFailed;
    private long? _wanted;
    private bool _noVersionLogged;
    private readonly RepeatedError _redisRefusal = new();

    public async Task RunAsync(CancellationToken ct)
    {
        var applied = applier.ReadApplied();
        if (applied is not null && applied.Role == settings.Role)
        {
            // The manifest is this follower's own file; a value out of range still never counts as newer than a signed one.
            _appliedGeneration = VersionNumber.IsValid(applied.Generation) ? applied.Generation : 0;
            (_appliedSerial, _appliedSha) = (Math.Max(0, applied.Serial), applied.Sha256);
            FollowerLog.Resuming(logger, _appliedSerial, _appliedGeneration, applied.Sha256);
        }
        else if (applied is null && applier.DamagedFloor is { } floor && floor.Role == settings.Role && VersionNumber.IsValid(floor.Generation))
        {
            // The manifest's delta is damaged: its files are compared with the disk, but no older version becomes newer.
            (_appliedGeneration, _appliedSerial) = (floor.Generation, Math.Max(0, floor.Serial));
        }

        if (checks is not null)
        {
            await checks.CleanAsync(ct);
        }

        var backoff = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30));
        var compareDisk = true;
        var retry = false;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (!retry)
                {
                    await WaitIdleAsync(ct);
                }

                var attemptStarted = Stopwatch.GetTimestamp();
                try
                {
                    try
                    {
                        await SyncOnceAsync(compareDisk, ct);
                    }
                    finally
                    {
                        // The sync has reported (or failed): the files it replaced are freed now, not inside its renames.
                        applier.ReleaseReplaced();
                    }

                    _trimOwed = true;
                    redisOutage?.Succeeded("sync");
                    _redisRefusal.Reset();
                    compareDisk = false;
                    retry = false;
                    backoff.Reset();
                }
                catch (VersionRejectedException ex)
                {
                    // Waits for the next event or poll: a new version, or new signatures for this one.
                    FollowerLog.Rejected(logger, settings.Role, _wanted ?? 0, ex.Message);
                    metrics?.Rejected();
                    await ReportAsync(FollowerState.Error, ex.Message);
                    retry = false;
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    var delay = backoff.Next();
                    if (redisOutage is not null && RedisFailure.IsOutage(ex))
                    {
                        redisOutage.Failed("sync", ex, attemptStarted);
                    }
                    else if (RedisFailure.IsRefusal(ex))
                    {
                        // Redis answered and refused (NOPERM, WRONGPASS, OOM…): an error with its message, rate-limited.
                        LogRefusal(ex, delay);
                    }
                    else
                    {
                        FollowerLog.SyncFailed(logger, ex, settings.Role, (long)delay.TotalMilliseconds);
                    }

                    await ReportAsync(FollowerState.Error, ex.Message);
                    retry = true;

                    // A reconnect (or an event) ends the wait early: converge as soon as Redis is back.
                    await signal.WaitAsync(delay, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: an apply in progress has finished or not started; the manifest says which.
        }
    }

    /// <summary>
    /// Waits for the next request. A sync allocates (the fetched version, the apply), and the GC keeps what it once used:
    /// with an <see cref="IdleTrim"/>, once nothing has asked for a sync for its delay, one compacting collection gives it
    /// back, so that an idle follower's resident memory does not keep the peak of its last changes
    /// (docs/performance.md, "Idle RSS").
    /// </summary>
    private async ValueTask WaitIdleAsync(CancellationToken ct)
    {
        if (idleTrim is not null && _trimOwed && !await signal.WaitAsync(idleTrim.Delay, ct))
        {
            _trimOwed = false;
            IdleTrim.Collect();
            await signal.WaitAsync(ct);
        }
        else if (idleTrim is null || !_trimOwed)
        {
            await signal.WaitAsync(ct);
        }
    }

    /// <param name="compareDisk">On the first sync after a start, compare with the disk even when the serial is current.</param>
    /// <param name="ct">Stops waiting for the container step.</param>
    private async Task SyncOnceAsync(bool compareDisk, CancellationToken ct)
    {
        _reverted = reverts?.ReadReverted();
        if (signal.TakeRetry())
        {
            // An operator's reload: what was refused is looked at again (a version refused as older than a reverted one
            // is not, once the revert is cleared below).
            (_checkRefused, _refused, _policyRefused) = (null, null, null);
            if (_reverted is { Done: true })
            {
                // An operator's reload: the reverted version may be applied again.
                reverts!.ClearReverted();
                _reverted = null;
            }
        }

        if (_reverted is { Done: false } owed)
        {
            // A revert waits on nothing before its apply: off the thread that asked for the sync (an event reader's may have
            // run this far itself, SyncSignal), so that reading events goes on meanwhile.
            await Task.Yield();
            await RevertAsync(owed, ct);
            return;
        }

        var announced = signal.TakeAnnounced();
        ApplyStart? start = null;
        for (var attempt = 0; ; attempt++)
        {
            // A serial an event announced, newer than the applied one, is read in the same round trip as the admission and
            // the serial key. Those still decide what is applied: the version read is used only when it is the one they name.
            // With a delta from the version held, only the files it names are read (FetchedVersion.FromDelta).
            var fetching = attempt == 0 && announced is { } next && next.Serial > _appliedSerial && VersionNumber.IsValid(next.Serial)
                ? fetcher.FetchAnnouncedAsync(next.Serial, admission?.Key, _held, next.Delta)
                : null;

            // The apply's own reads (the root's real path, the manifests) are done before the answer is awaited. The client
            // sends the request from a work item this thread may run next, after these reads: sending it first was tried and
            // was no faster (docs/performance.md, sessions 44 and 45).
            start = fetching is null ? start : applier.Prepare();
            var read = fetching is null ? null : await fetching;

            // Under a rollout policy the leader's signed admission names the version to apply (issue 15, waves).
            var gate = admission is null ? AdmissionDecision.NoPolicy
                : read is null ? await admission.DecideAsync(_appliedGeneration, _appliedSerial)
                : await admission.DecideAsync(read.Admission, _appliedGeneration, _appliedSerial);
            if (gate.Waiting is not null)
            {
                _wanted = read is null ? await fetcher.SerialAsync() : fetcher.ParseSerial(read.Serial);
                await ReportAsync(FollowerState.Waiting, gate.Waiting);
                return;
            }

            var current = gate.HasPolicy ? gate.Serial : read is null ? await fetcher.SerialAsync() : fetcher.ParseSerial(read.Serial);
            if (current is not { } serial)
            {
                if (!_noVersionLogged)
                {
                    FollowerLog.NoVersion(logger, settings.Role);
                    _noVersionLogged = true;
                }

                _wanted = 0;
                await ReportAsync(FollowerState.Ok, null);
                return;
            }

            _wanted = serial;

            // The head (digest, generation) is read on its own only when the serial is the applied or the refused one;
            // a new serial is fetched at once, its meta brings them: one round trip less on every change.
            if (!compareDisk && (serial == _appliedSerial || serial == _refused?.Serial || serial == _checkRefused?.Serial || serial == _policyRefused?.Serial || serial == _reverted?.Serial))
            {
                var (sha, generation) = await fetcher.HeadAsync(serial);
                if (serial == _appliedSerial && sha == _appliedSha && generation == _appliedGeneration)
                {
                    // A failed restart of this version stays reported: the files are new, the containers may not be.
                    FollowerLog.UpToDate(logger, settings.Role, serial);
                    var stillFailed = _restartFailed is { } f && f.Serial == serial ? f.Error : null;
                    await ReportAsync(stillFailed is null ? FollowerState.Ok : FollowerState.Error, stillFailed);
                    return;
                }

                if (_refused is { } refused && serial == refused.Serial && sha == refused.Sha256 && generation == refused.Generation)
                {
                    await ReportAsync(FollowerState.Error, OlderError(refused.Serial, refused.Generation));
                    return;
                }

                if (IsReverted(serial, generation, sha))
                {
                    await ReportRevertedAsync();
                    return;
                }

                if (_policyRefused is { } denied && serial == denied.Serial && sha == denied.Sha256 && generation == denied.Generation)
                {
                    // Judged once per version: the same pryv.yml gets the same answer until the settings change (a restart).
                    await ReportAsync(FollowerState.Error, denied.Error);
                    return;
                }

                if (_checkRefused is { } failed && serial == failed.Serial && sha == failed.Sha256 && generation == failed.Generation)
                {
                    // Not run again for the same version: a new serial, an operator's reload or a restart of the follower does.
                    await ReportCheckRefusedAsync(failed.Serial, failed.Generation, failed.Error);
                    return;
                }
            }

            var fetched = read?.Version is { } ready && ready.Serial == serial ? ready : await fetcher.FetchAsync(serial, _held);
            var (verified, deltaRefused) = fetched is { FromDelta: true } ? VerifyFromDelta(fetched) : (null, null);
            if (deltaRefused is not null)
            {
                // Put together from the event's delta, the version did not verify: it is read whole and verified as any other.
                fetched = await fetcher.FetchAsync(serial, _held);
            }

            if (fetched is null)
            {
                FollowerLog.Vanished(logger, settings.Role, serial);
                if (attempt < MaxVanishedRetries)
                {
                    continue;
                }

                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"version {serial} of role {settings.Role} keeps vanishing"));
            }

            verified ??= VersionVerifier.Verify(fetched, settings.Id, settings.Key);
            if (deltaRefused is not null)
            {
                // The whole version verifies: what failed was the delta (wrong, or not the leader's).
                SyncLoopLog.DeltaRefused(logger, settings.Role, serial, deltaRefused);
            }
            if (gate.HasPolicy && verified.Generation != gate.Generation)
            {
                await ReportAsync(FollowerState.Waiting, "waiting for admission: the admitted version is of another store generation");
                return;
            }

            if (VersionOrder.Compare(verified.Generation, verified.Serial, _appliedGeneration, _appliedSerial) < 0 || SupersededByRevert(verified))
            {
                // Redis lost versions (a failover, a restored backup, a flush): an older version is never applied as if
                // it were newer. The leader stores the role anew, in a newer generation or above its recorded serial.
                _refused = (verified.Serial, verified.Generation, verified.Sha256);
                var floor = Floor(verified.Serial, verified.Generation);
                FollowerLog.OlderVersionRefused(logger, settings.Role, verified.Serial, verified.Generation, floor.Serial, floor.Generation);
                await ReportAsync(FollowerState.Error, OlderError(verified.Serial, verified.Generation));
                return;
            }

            if (IsReverted(verified.Serial, verified.Generation, verified.Sha256))
            {
                await ReportRevertedAsync();
                return;
            }

            if (policy.Judge(verified, _held, applier.ReadApplied) is { } refusal)
            {
                // Nothing of it lands: this follower's own settings refuse what its pryv.yml would bring up.
                var error = string.Create(CultureInfo.InvariantCulture, $"version {verified.Serial} refused, the last good files stay: {refusal}");
                _policyRefused = (verified.Serial, verified.Generation, verified.Sha256, error);
                FollowerLog.ComposePolicyRefused(logger, settings.Role, verified.Serial, LogText.Escape(refusal.ToString()));
                metrics?.Rejected();
                await ReportAsync(FollowerState.Error, error);
                return;
            }

            _policyRefused = null;
            if (checks is not null && await checks.RunAsync(verified, applier.ReadApplied(), ct) is { } failure)
            {
                _checkRefused = (verified.Serial, verified.Generation, verified.Sha256, $"version {verified.Serial} refused, the last good files stay: {failure}");
                metrics?.Rejected();
                await ReportCheckRefusedAsync(verified.Serial, verified.Generation, _checkRefused.Value.Error);
                return;
            }

            _checkRefused = null;

            // Staged: written with the next status write, at the latest with the report that follows the apply.
            if (health is not null)
            {
                reporter.Stage(HealthGate.Pending(verified.Generation, verified.Serial));
            }

            // "applying" is sent, not awaited, when the apply says it is writing: before the files of a change of several
            // (a one-file change is reported once, when it is done: docs/performance.md). Commands on one connection keep
            // their order, so it always lands before the report that follows the apply. A version refused, or with nothing
            // to change, is never reported "applying".
            var applying = Task.CompletedTask;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            ApplyResult result;
            try
            {
                restarter.Declare(verified.Components);
                result = applier.Apply(
                    verified, paths => restarter.Owe(ComponentSelection.FromPaths(paths)), start, () => applying = ReportAsync(FollowerState.Applying, null));

                // Before anything is awaited: every file the apply writes, this one included, is written on one thread one
                // after the other (the crash tests kill at the N-th call of a thread).
                reverts?.Record(verified);
            }
            finally
            {
                await applying;
            }

            metrics?.Applied(result, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            (_appliedGeneration, _appliedSerial, _appliedSha) = (verified.Generation, verified.Serial, verified.Sha256);
            _held = verified;
            _refused = null;
            if (_reverted is not null)
            {
                // A newer version replaces the reverted one: it is no longer refused.
                reverts!.ClearReverted();
                _reverted = null;
            }

            var components = ComponentSelection.FromPaths(result.ChangedPaths);
            if (result.Written.Count > 0 || result.Deleted.Count > 0 || !components.IsEmpty)
            {
                FollowerLog.Applied(logger, settings.Role, serial, result.Written.Count, result.Deleted.Count, components.ToString());
            }

            if (health is not null && components.IsEmpty)
            {
                await health.NothingToWatchAsync();
            }

            var restartError = await RestartAsync(components, serial, ct);
            _restartFailed = restartError is null ? null : (serial, restartError);
            await ReportAsync(restartError is null ? FollowerState.Ok : FollowerState.Error, restartError);
            return;
        }
    }

    /// <summary>
    /// A version put together from the held one and an event's delta, verified; or null with why it did not verify (the
    /// delta named the wrong files, or a file the version lacks; or the version itself is refused, which the caller's
    /// read of the whole version tells apart).
    /// </summary>
    private (VerifiedVersion? Verified, string? Refused) VerifyFromDelta(FetchedVersion fetched)
    {
        if (fetched.Incomplete)
        {
            return (null, "a file it named is not in the version");
        }

        try
        {
            return (VersionVerifier.Verify(fetched, settings.Id, settings.Key), null);
        }
        catch (VersionRejectedException ex)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>
    /// Whether <paramref name="verified"/> is older than the version an automatic revert went back from: the files are the
    /// older good version's, but the version reverted from superseded every version before it, so none of those is
    /// applied as if it were newer (only the leader's next version, or an operator's reload, moves on).
    /// </summary>
    private bool SupersededByRevert(VerifiedVersion verified) =>
        _reverted is { Done: true } r
        && VersionOrder.Compare(verified.Generation, verified.Serial, r.Generation, r.Serial) < 0
        && !(verified.Serial == _appliedSerial && verified.Generation == _appliedGeneration && verified.Sha256 == _appliedSha);

    private bool IsReverted(long serial, long? generation, string? sha) =>
        _reverted is { Done: true } r && r.Serial == serial && r.Generation == generation && r.Sha256 == sha;

    /// <summary>
    /// Restores the previous version's files through the same crash-safe apply (journal, atomic renames), brings the
    /// changed components back the same way, and records the revert as done. A crash before that record is written
    /// repeats it on restart: the apply is then a no-op and the restarts it owed are kept in <c>restarts.json</c>.
    /// </summary>
    private async Task RevertAsync(RevertRecord owed, CancellationToken ct)
    {
        var good = reverts!.ReadTarget(owed.Sha256);
        if (good is null || good.Role != settings.Role)
        {
            owed.Done = true;
            owed.Reason += "; no previous version is kept to revert to, the files stay";
            reverts.WriteReverted(owed);
            _reverted = owed;
            await ReportRevertedAsync();
            return;
        }

        restarter.Declare(good.Components);
        var result = applier.Apply(good, paths => restarter.Owe(ComponentSelection.FromPaths(paths)));
        reverts.WriteCurrent(good);
        owed.Done = true;
        owed.RevertedTo = good.Serial;
        reverts.WriteReverted(owed);
        _reverted = owed;
        (_appliedGeneration, _appliedSerial, _appliedSha) = (good.Generation, good.Serial, good.Sha256);
        _held = good;
        var components = ComponentSelection.FromPaths(result.ChangedPaths);
        HealthLog.Reverted(logger, settings.Role, owed.Serial, good.Serial, components.ToString(), LogText.Escape(owed.Reason));
        var restartError = await RestartAsync(components, good.Serial, ct);
        await ReportRevertedAsync(restartError);
    }

    private async Task ReportRevertedAsync(string? error = null)
    {
        var r = _reverted!;
        var text = string.Create(CultureInfo.InvariantCulture, $"{r.Serial} {r.Generation}: {r.Reason}");
        await reporter.ReportFieldsAsync(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [StatusFields.Reverted] = text.Length > 1000 ? text[..1000] : text,
        });
        await ReportAsync(FollowerState.Reverted, error ?? string.Create(CultureInfo.InvariantCulture, $"version {r.Serial} reverted: {r.Reason}"));
    }

    /// <summary>
    /// A version refused by its check kept the last good files, as a revert restores them: reported the same way
    /// (<c>state reverted</c>, <c>reverted</c> = serial, generation and why), so that a rollout halts on it at once.
    /// </summary>
    private async Task ReportCheckRefusedAsync(long serial, long generation, string error)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{serial} {generation}: {error}");
        reporter.Stage(new Dictionary<string, string>(StringComparer.Ordinal) { [StatusFields.Reverted] = text.Length > 1000 ? text[..1000] : text });
        await ReportAsync(FollowerState.Reverted, error);
    }

    private async Task<string?> RestartAsync(ComponentSelection components, long serial, CancellationToken ct)
    {
        if (components.IsEmpty)
        {
            return null;
        }

        var reason = string.Create(CultureInfo.InvariantCulture, $"version {serial}");
        try
        {
            await restarter.RestartAsync(settings.Role, components, reason, ct);

            // Written by the report every caller sends next: one status write per change instead of two.
            reporter.StageRestart(components, reason);
            return null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            FollowerLog.RestartFailed(logger, ex, settings.Role, components.ToString());
            return "restart of " + components + " failed: " + ex.Message;
        }
    }

    private void LogRefusal(Exception ex, TimeSpan delay)
    {
        var reason = LogText.Escape(BackendOutage.Describe(ex));
        if (_redisRefusal.ShouldLog(reason, out var suppressed))
        {
            SyncLoopLog.RedisRefused(logger, settings.Role, reason, delay.TotalSeconds, suppressed);
        }
        else
        {
            SyncLoopLog.RedisStillRefusing(logger, settings.Role, reason);
        }
    }

    private string OlderError(long serial, long generation)
    {
        var floor = Floor(serial, generation);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"the leader's version {serial} of generation {generation} is older than the {floor.What} {floor.Serial} of generation {floor.Generation} (Redis lost versions?); keeping the applied config until a newer one is stored");
    }

    /// <summary>The version a version of <paramref name="serial"/> was refused as older than: the applied one, or the one a revert went back from.</summary>
    private (long Serial, long Generation, string What) Floor(long serial, long generation) =>
        _reverted is { Done: true } r && VersionOrder.Compare(generation, serial, _appliedGeneration, _appliedSerial) >= 0
            ? (r.Serial, r.Generation, "reverted")
            : (_appliedSerial, _appliedGeneration, "applied");

    private Task ReportAsync(string state, string? error) =>
        reporter.ReportAsync(state, _appliedGeneration, _appliedSerial, _appliedSha, _wanted, error);
}
