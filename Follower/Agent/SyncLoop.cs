using PryvBus.Shared.Status;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Logging;
using PryvBus.Follower.Receiving;
using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Logging;
using StackExchange.Redis;

namespace PryvBus.Follower.Agent;

/// <summary>
/// The one loop that changes the disk: on each signal, read the serial (the truth), and when it differs from the
/// applied version fetch, verify, apply, hand the changed components to the container step and report.
/// A rejected version keeps the last good config; a Redis outage keeps the files and retries with backoff.
/// </summary>
public sealed class SyncLoop(
    FollowerSettings settings,
    VersionFetcher fetcher,
    ConfigApplier applier,
    IContainerRestarter restarter,
    StatusReporter reporter,
    SyncSignal signal,
    ILogger<SyncLoop> logger,
    FollowerMetrics? metrics = null,
    BackendOutage? redisOutage = null)
{
    private const int MaxVanishedRetries = 5;
    private long _appliedSerial;
    private string? _appliedSha;
    private long? _wanted;
    private bool _noVersionLogged;

    public async Task RunAsync(CancellationToken ct)
    {
        var applied = applier.ReadApplied();
        if (applied is not null && applied.Role == settings.Role)
        {
            (_appliedSerial, _appliedSha) = (applied.Serial, applied.Sha256);
            FollowerLog.Resuming(logger, applied.Serial, applied.Sha256);
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
                    await signal.WaitAsync(ct);
                }

                try
                {
                    await SyncOnceAsync(compareDisk, ct);
                    redisOutage?.Succeeded("sync");
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
                    if (redisOutage is not null && ex is RedisException or TimeoutException)
                    {
                        redisOutage.Failed("sync", ex);
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

    /// <param name="compareDisk">On the first sync after a start, compare with the disk even when the serial is current.</param>
    /// <param name="ct">Stops waiting for the container step.</param>
    private async Task SyncOnceAsync(bool compareDisk, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await fetcher.SerialAsync();
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
            if (serial < _appliedSerial)
            {
                // Redis lost versions (a failover, a restored backup): an older serial is never applied as if it were
                // newer. The leader stores its content again above the serials followers report.
                var error = string.Create(
                    CultureInfo.InvariantCulture,
                    $"the leader's serial {serial} is below the applied {_appliedSerial} (Redis lost versions?); keeping the applied config until a newer serial is stored");
                FollowerLog.SerialWentBack(logger, settings.Role, serial, _appliedSerial);
                await ReportAsync(FollowerState.Error, error);
                return;
            }

            // The digest is read on its own only when the serial is the applied one (a version replaced in place);
            // a new serial is fetched at once, its meta brings the digest: one round trip less on every change.
            if (!compareDisk && serial == _appliedSerial && await fetcher.DigestAsync(serial) is { } sha && sha == _appliedSha)
            {
                FollowerLog.UpToDate(logger, settings.Role, serial);
                await ReportAsync(FollowerState.Ok, null);
                return;
            }

            var fetched = await fetcher.FetchAsync(serial);
            if (fetched is null)
            {
                FollowerLog.Vanished(logger, settings.Role, serial);
                if (attempt < MaxVanishedRetries)
                {
                    continue;
                }

                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"version {serial} of role {settings.Role} keeps vanishing"));
            }

            var verified = VersionVerifier.Verify(fetched, settings.Id, settings.Key);

            // Sent, not awaited, before the files are written: the apply does not wait a round trip for it. Commands on
            // one connection keep their order, so "applying" always lands before the report that follows the apply.
            var applying = ReportAsync(FollowerState.Applying, null);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            ApplyResult result;
            try
            {
                result = applier.Apply(verified, paths => (restarter as IDurableRestarts)?.Owe(ComponentSelection.FromPaths(paths)));
            }
            finally
            {
                await applying;
            }

            metrics?.Applied(result, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            (_appliedSerial, _appliedSha) = (verified.Serial, verified.Sha256);
            var components = ComponentSelection.FromPaths(result.ChangedPaths);
            if (result.Written.Count > 0 || result.Deleted.Count > 0 || !components.IsEmpty)
            {
                FollowerLog.Applied(logger, settings.Role, serial, result.Written.Count, result.Deleted.Count, components.ToString());
            }

            var restartError = await RestartAsync(components, serial, ct);
            await ReportAsync(restartError is null ? FollowerState.Ok : FollowerState.Error, restartError);
            return;
        }
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
            await reporter.ReportRestartAsync(components, reason);
            return null;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            FollowerLog.RestartFailed(logger, ex, settings.Role, components.ToString());
            return "restart of " + components + " failed: " + ex.Message;
        }
    }

    private Task ReportAsync(string state, string? error) =>
        reporter.ReportAsync(state, _appliedSerial, _appliedSha, _wanted, error);
}
