using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Containers;

/// <summary>
/// Brings one container back: restarts it when it runs, starts it when it is stopped, waits until it is ready,
/// and tries again up to <see cref="ContainerSettings.MaxAttempts"/> times. Never throws for a Docker failure:
/// the result says what happened.
/// </summary>
internal sealed class ContainerCycle
{
    private readonly IDockerClient _client;
    private readonly ContainerSettings _settings;
    private readonly ContainerReadiness _readiness;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ContainerCycle(IDockerClient client, ContainerSettings settings, TimeProvider time, ILogger logger)
    {
        _client = client;
        _settings = settings;
        _time = time;
        _logger = logger;
        _readiness = new ContainerReadiness(client, settings, time);
    }

    public async Task<ContainerRestartResult> RunAsync(LocatedContainer container, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        bool? wasRunning = null;
        var error = "";
        for (var attempt = 1; attempt <= _settings.MaxAttempts; attempt++)
        {
            try
            {
                // Fresh state on every attempt: a failed restart may have left the container stopped.
                var state = await InspectAsync(container.Id, ct);
                var running = state.Running || state.Restarting || state.Paused;
                wasRunning ??= running;
                await BringUpAsync(container, running, attempt, ct);
                await _readiness.WaitAsync(container.Id, ct);

                var outcome = wasRunning.Value ? RestartOutcome.Restarted : RestartOutcome.Started;
                ContainerLog.Ready(_logger, container.Component, container.Name, outcome, stopwatch.ElapsedMilliseconds);
                return Result(container, outcome, attempt, null);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && DockerFailure.IsUnreachable(e))
            {
                // The daemon went away: retrying now would fail the same way. The caller retries later.
                var reason = $"pending: docker unreachable ({DockerFailure.Describe(e)})";
                return Result(container, RestartOutcome.Pending, attempt, reason);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                error = e is OperationCanceledException
                    ? $"Docker did not answer within {_settings.RequestTimeout.TotalSeconds:0.#} s (plus the stop timeout for a restart)"
                    : DockerFailure.Describe(e);
                ContainerLog.AttemptFailed(_logger, container.Component, container.Name, attempt, _settings.MaxAttempts, error);
                if (e is DockerContainerNotFoundException)
                {
                    break; // Removed since it was listed: another attempt cannot help.
                }
            }

            if (attempt < _settings.MaxAttempts)
            {
                await Task.Delay(_settings.RetryDelay * attempt, _time, ct);
            }
        }

        ContainerLog.ContainerFailed(_logger, container.Component, container.Name, _settings.MaxAttempts, error);
        return Result(container, RestartOutcome.Failed, _settings.MaxAttempts, error);
    }

    private async Task BringUpAsync(LocatedContainer container, bool running, int attempt, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (running)
        {
            ContainerLog.Restarting(_logger, container.Component, container.Name, attempt, _settings.MaxAttempts);
            // The restart call returns only after the stop (up to StopTimeout) and the start: allow for both.
            timeout.CancelAfter(_settings.StopTimeout + _settings.RequestTimeout);
            var wait = (uint)Math.Ceiling(_settings.StopTimeout.TotalSeconds);
            await _client.Containers.RestartContainerAsync(
                container.Id, new ContainerRestartParameters { WaitBeforeKillSeconds = wait }, timeout.Token);
        }
        else
        {
            ContainerLog.Starting(_logger, container.Component, container.Name, attempt, _settings.MaxAttempts);
            timeout.CancelAfter(_settings.RequestTimeout);
            await _client.Containers.StartContainerAsync(container.Id, new ContainerStartParameters(), timeout.Token);
        }
    }

    private async Task<State> InspectAsync(string id, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_settings.RequestTimeout);
        var inspected = await _client.Containers.InspectContainerAsync(id, timeout.Token);
        return inspected.State ?? throw new ContainerNotReadyException("Docker returned no state for the container");
    }

    private ContainerRestartResult Result(LocatedContainer container, RestartOutcome outcome, int attempts, string? error) =>
        new(container.Id, container.Name, outcome, attempts, error, _time.GetUtcNow());
}
