using Docker.DotNet;
using Docker.DotNet.Models;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Containers;

/// <summary>
/// Polls a container until it runs — and is <c>healthy</c> when its image or service defines a health check —
/// or fails fast when it exits. Compose's <c>depends_on: service_healthy</c> waits for the same thing.
/// </summary>
internal sealed class ContainerReadiness
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly IDockerClient _client;
    private readonly ContainerSettings _settings;
    private readonly TimeProvider _time;

    public ContainerReadiness(IDockerClient client, ContainerSettings settings, TimeProvider time)
    {
        _client = client;
        _settings = settings;
        _time = time;
    }

    public async Task WaitAsync(string id, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + _settings.WaitTimeout;
        while (true)
        {
            var state = await InspectAsync(id, ct);
            var health = state.Health?.Status;
            if (state.Running && !state.Restarting && !state.Paused
                && (string.IsNullOrEmpty(health) || health is "none" or "healthy"))
            {
                return;
            }

            if (!state.Running && !state.Restarting && state.Status is "exited" or "dead")
            {
                var error = string.IsNullOrEmpty(state.Error) ? "" : $": {state.Error}";
                throw new ContainerNotReadyException($"exited with code {state.ExitCode}{error}");
            }

            if (_time.GetUtcNow() > deadline)
            {
                throw new ContainerNotReadyException(
                    $"not ready after {_settings.WaitTimeout.TotalSeconds:0.#} s (state {state.Status}, health {health ?? "none"})");
            }

            await Task.Delay(PollInterval, _time, ct);
        }
    }

    private async Task<State> InspectAsync(string id, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_settings.RequestTimeout);
        var inspected = await _client.Containers.InspectContainerAsync(id, timeout.Token);
        return inspected.State ?? throw new ContainerNotReadyException("Docker returned no state for the container");
    }
}
