using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Versions;

namespace PryvBus.Follower.Containers;

/// <summary>
/// Runs a component's reload action in one running container: a signal through Docker's kill endpoint, or a command
/// through exec (create, start, read the output, inspect the exit code) within its timeout. Returns null on success,
/// or why it failed (the caller restarts the container instead). Never throws for a Docker failure.
/// </summary>
internal sealed class ContainerReload(IDockerClient client, ContainerSettings settings)
{
    public async Task<string?> RunAsync(LocatedContainer container, ReloadAction action, CancellationToken ct)
    {
        try
        {
            return action.Kind switch
            {
                ReloadKind.Signal => await SignalAsync(container, action.Signal!, ct),
                ReloadKind.Exec => await ExecAsync(container, action, ct),
                _ => "not a reload action",
            };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return string.Create(CultureInfo.InvariantCulture, $"no result within {action.TimeoutSeconds} s");
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is DockerApiException or HttpRequestException or IOException or TimeoutException)
        {
            return BoundedOutput.FirstLines(DockerFailure.Describe(e), 3, 300);
        }
    }

    private async Task<string?> SignalAsync(LocatedContainer container, string signal, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.RequestTimeout);
        var state = (await client.Containers.InspectContainerAsync(container.Id, timeout.Token)).State;
        if (state is not { Running: true } || state.Paused || state.Restarting)
        {
            return "the container is not running";
        }

        await client.Containers.KillContainerAsync(container.Id, new ContainerKillParameters { Signal = signal }, timeout.Token);
        return null;
    }

    private async Task<string?> ExecAsync(LocatedContainer container, ReloadAction action, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(action.TimeoutSeconds) + settings.RequestTimeout);
        var created = await client.Exec.CreateContainerExecAsync(
            container.Id,
            new ContainerExecCreateParameters { Cmd = [.. action.Command], AttachStdout = true, AttachStderr = true },
            timeout.Token);
        string output;
        using (var stream = await client.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters(), timeout.Token))
        {
            output = await BoundedOutput.ReadAsync(stream, timeout.Token);
        }

        // The stream ends when the process does; its exit code may take a moment to be recorded.
        for (var i = 0; ; i++)
        {
            var inspected = await client.Exec.InspectContainerExecAsync(created.ID, timeout.Token);
            if (!inspected.Running && inspected.ExitCode is { } code)
            {
                return code == 0
                    ? null
                    : string.Create(CultureInfo.InvariantCulture, $"exited with {code}: {BoundedOutput.FirstLines(output, 3, 300)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200, 10 * (i + 1))), timeout.Token);
        }
    }
}
