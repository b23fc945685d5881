using Microsoft.Extensions.Logging;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Compose;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Logging;
using PryvBus.Follower.Receiving;
using PryvBus.Follower.Reporting;
using PryvBus.Shared.Logging;

namespace PryvBus.Follower.Agent;

/// <summary>
/// Drains the <see cref="RestartQueue"/>: restarts the pending components through Docker, reports each result in the
/// status hash, and retries with jittered backoff while the daemon is unreachable. A container that keeps failing is
/// reported as failed (after the restarter's bounded attempts) and dropped, so it never blocks the others.
/// A Docker outage logs one warning when it starts and one line when it ends (<paramref name="dockerOutage"/>).
/// A <c>pryv.yml</c> change runs the <paramref name="compose"/> step first (recreating the services whose definition
/// changed); the components it recreated are not restarted again for their files.
/// </summary>
public sealed class RestartWorker(
    RestartQueue queue, DockerRestarter docker, StatusReporter reporter, ILogger<RestartWorker> logger, FollowerMetrics? metrics = null,
    BackendOutage? dockerOutage = null, ComposeStep? compose = null, HealthGate? health = null, RevertStore? reverts = null,
    SyncSignal? signal = null)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));
        var wait = Timeout.InfiniteTimeSpan;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                // Something owed from before a crash is handled at once.
                if (queue.Pending.IsEmpty)
                {
                    await queue.WaitAsync(wait, ct);
                }

                var (selection, mark) = queue.Pending.Begin();
                if (selection.IsEmpty)
                {
                    wait = Timeout.InfiniteTimeSpan;
                    continue;
                }

                var (stillPending, reason, brought) = await RestartOnceAsync(selection, mark, ct);
                if (health is not null && brought.Count > 0)
                {
                    RevertIfUnhealthy(await WatchHealthAsync(brought, ct));
                }
                else if (health is not null && stillPending.Count == 0 && queue.Pending.IsEmpty)
                {
                    await health.NothingToWatchAsync();
                }

                if (stillPending.Count == 0)
                {
                    dockerOutage?.Succeeded("restart");
                    backoff.Reset();
                    wait = Timeout.InfiniteTimeSpan;
                }
                else
                {
                    wait = backoff.Next();
                    if (dockerOutage is null)
                    {
                        FollowerLog.RestartsPending(logger, string.Join(',', stillPending), (long)wait.TotalMilliseconds);
                    }
                    else
                    {
                        dockerOutage.Failed("restart of " + string.Join(',', stillPending), reason ?? "unreachable");
                    }

                    // New work or the delay, whichever comes first; then try again.
                    await queue.WaitAsync(wait, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: what is still owed stays in restarts.json for the next start.
        }
    }

    /// <summary>
    /// An unhealthy verdict asks the sync loop (the one writer of the disk) to revert that version: recorded durably
    /// first, so a crash cannot forget it. Never for the version a revert brought back: that would loop.
    /// </summary>
    private void RevertIfUnhealthy(HealthVerdict? verdict)
    {
        if (verdict is not { Healthy: false } || reverts is null || signal is null)
        {
            return;
        }

        var record = reverts.ReadReverted();
        if (record is { Done: false })
        {
            return;
        }

        if (record is { Done: true } done && done.RevertedTo == verdict.Serial)
        {
            HealthLog.RevertedUnhealthy(logger, verdict.Serial, PryvBus.Shared.Logging.LogText.Escape(verdict.Reason!));
            return;
        }

        reverts.WriteReverted(new RevertRecord
        {
            Serial = verdict.Serial,
            Generation = verdict.Generation,
            Sha256 = verdict.Sha256,
            Reason = $"{verdict.Component} unhealthy: {verdict.Reason}",
        });
        signal.Request();
    }

    /// <summary>Watches the health of what was brought back; newer work (a wake with something pending) supersedes the watch.</summary>
    private async Task<HealthVerdict?> WatchHealthAsync(IReadOnlyCollection<string> brought, CancellationToken ct)
    {
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var supersede = SupersedeAsync(watch);
        try
        {
            return await health!.WatchAsync(brought, queue.Pending.Actions.Current, watch.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            HealthLog.Superseded(logger);
            return null;
        }
        finally
        {
            await watch.CancelAsync();
            await supersede;
        }
    }

    private async Task SupersedeAsync(CancellationTokenSource watch)
    {
        try
        {
            while (await queue.WaitAsync(Timeout.InfiniteTimeSpan, watch.Token))
            {
                if (!queue.Pending.IsEmpty)
                {
                    await watch.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The watch ended first.
        }
    }

    private async Task<(IReadOnlyCollection<string> StillPending, string? Reason, IReadOnlyCollection<string> Brought)> RestartOnceAsync(ComponentSelection selection, long mark, CancellationToken ct)
    {
        var actions = queue.Pending.Actions.Current;
        var composed = selection.ComposeFile && compose is not null ? await compose.RunAsync(ct) : null;
        var restarts = composed is null ? selection : selection.Without(composed.Recreated);
        IReadOnlyList<ComponentRestartResult> results = !restarts.HasRestarts
            ? []
            : restarts.All
                ? await docker.RestartAllAsync(actions, ct)
                : await docker.RestartAsync(restarts.Components, actions, ct);
        metrics?.Restarted(results);
        var stillPending = results.Where(r => r.IsPending).Select(r => r.Component)
            .Concat(composed?.Pending == true ? [ComponentSelection.RootFile] : [])
            .ToArray();
        queue.Pending.Remove(selection, stillPending, mark);
        if (composed?.Again == true)
        {
            // pryv.yml changed during the pass: once more, at once.
            queue.Pending.Add(ComponentSelection.ComposeOnly);
        }

        if (composed is not null)
        {
            await reporter.ReportFieldsAsync(composed.StatusFields);
        }

        await reporter.ReportRestartResultsAsync(results, queue.Pending.Snapshot());
        // A failed restart is watched too: its container may still come up healthy within the window, or it is unhealthy.
        var brought = results.Where(r => r.Succeeded || r.Outcome == RestartOutcome.Failed).Select(r => r.Component).Concat(composed?.Recreated ?? []).Distinct(StringComparer.Ordinal).ToList();
        return (stillPending, results.FirstOrDefault(r => r.IsPending)?.Error ?? composed?.Reason, brought);
    }
}
