using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using PryvBus.Follower.Containers;
using PryvBus.Shared.Versions;

namespace PryvBus.Follower.Checking;

/// <summary>
/// Runs one check in a throwaway container: the component's image (<see cref="CheckImage"/>), its environment and user, the staged files
/// mounted read-only (<see cref="CheckMounts"/>), no network, the command as entrypoint, a timeout; the output is kept
/// bounded and the container removed whatever happens. Labelled <see cref="Label"/> so that one left by a crash is
/// removed at the next start.
/// </summary>
internal sealed class CheckContainer(IDockerClient client, TimeSpan requestTimeout)
{
    public const string Label = "io.pryvbus.check";

    /// <returns>Null when the command exited 0, else what went wrong with the first lines of its output.</returns>
    public async Task<string?> RunAsync(
        string owner, string component, CheckImage image, IReadOnlyList<Mount> mounts, ComponentCheck check, Func<string, string> mask, CancellationToken ct)
    {
        var name = $"pryvbus-check-{component}-{Guid.NewGuid():N}"[..Math.Min(63, 24 + component.Length)];
        string? id = null;
        try
        {
            using (var create = Timeout(requestTimeout, ct))
            {
                id = (await client.Containers.CreateContainerAsync(
                    new CreateContainerParameters
                    {
                        Name = name,
                        Image = image.Image,
                        Entrypoint = [check.Command[0]],
                        Cmd = [.. check.Command.Skip(1)],
                        Env = image.Env,
                        User = image.User,
                        WorkingDir = image.WorkingDir,
                        Labels = new Dictionary<string, string> { [Label] = owner },
                        NetworkDisabled = true,
                        HostConfig = new HostConfig { NetworkMode = "none", Mounts = [.. mounts] },
                    },
                    create.Token)).ID;
                await client.Containers.StartContainerAsync(id, new ContainerStartParameters(), create.Token);
            }

            long exit;
            using (var wait = Timeout(TimeSpan.FromSeconds(check.TimeoutSeconds), ct))
            {
                try
                {
                    exit = (await client.Containers.WaitContainerAsync(id, wait.Token)).StatusCode;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{Describe(check)} did not finish within {check.TimeoutSeconds} s") + await OutputAsync(id, mask, ct);
                }
            }

            return exit == 0
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"{Describe(check)} exited with {exit}") + await OutputAsync(id, mask, ct);
        }
        finally
        {
            if (id is not null)
            {
                await RemoveAsync(id);
            }
        }
    }

    /// <summary>Removes the check containers this follower left behind (a crash during a check); returns how many.</summary>
    public async Task<int> CleanAsync(string owner, CancellationToken ct)
    {
        using var timeout = Timeout(requestTimeout, ct);
        var left = await client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{Label}={owner}"] = true } },
            },
            timeout.Token);
        foreach (var container in left)
        {
            await RemoveAsync(container.ID);
        }

        return left.Count;
    }

    /// <summary>The command for a message: at most 120 characters.</summary>
    public static string Describe(ComponentCheck check)
    {
        var text = string.Join(' ', check.Command);
        return "[" + (text.Length > 120 ? text[..120] + "…" : text) + "]";
    }

    /// <summary>The first lines of the check's output, masked (<paramref name="mask"/>) before they are cut and joined.</summary>
    private async Task<string> OutputAsync(string id, Func<string, string> mask, CancellationToken ct)
    {
        try
        {
            using var timeout = Timeout(requestTimeout, ct);
            using var stream = await client.Containers.GetContainerLogsAsync(
                id, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, timeout.Token);
            var output = BoundedOutput.FirstLines(mask(await BoundedOutput.ReadAsync(stream, timeout.Token)));
            return output.Length == 0 ? string.Empty : ": " + output;
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is DockerApiException or OperationCanceledException or IOException or HttpRequestException)
        {
            return string.Empty;
        }
    }

    private async Task RemoveAsync(string id)
    {
        // Not the caller's token: a check cancelled by a stop still removes its container.
        using var timeout = new CancellationTokenSource(requestTimeout);
        try
        {
            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, timeout.Token);
        }
        catch (Exception e) when (e is DockerApiException or OperationCanceledException or IOException or HttpRequestException)
        {
            // Removed at the next start (it carries the label).
        }
    }

    private static CancellationTokenSource Timeout(TimeSpan after, CancellationToken ct)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(ct);
        source.CancelAfter(after);
        return source;
    }
}
