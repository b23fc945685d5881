using Microsoft.Extensions.Logging;
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
    BackendOutage? dockerOutage = null, ComposeStep? compose = null)
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

                var selection = queue.Pending.Snapshot();
                if (selection.IsEmpty)
                {
                    wait = Timeout.InfiniteTimeSpan;
                    continue;
                }

                var (stillPending, reason) = await RestartOnceAsync(selection, ct);
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

    private async Task<(IReadOnlyCollection<string> StillPending, string? Reason)> RestartOnceAsync(ComponentSelection selection, CancellationToken ct)
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
        queue.Pending.Remove(selection, stillPending);
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
        return (stillPending, results.FirstOrDefault(r => r.IsPending)?.Error ?? composed?.Reason);
    }
}
