using Docker.DotNet.Models;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

/// <summary>Reads what a stand-in recorded inside itself (a file its trap or an exec wrote), through docker exec.</summary>
internal static class ContainerProbe
{
    /// <summary>A stand-in whose main process appends "HUP" to /tmp/got on each SIGHUP.</summary>
    public static readonly IReadOnlyList<string> TrapHup =
        ["sh", "-c", "trap 'echo HUP >> /tmp/got' HUP; while true; do sleep 1 & wait $!; done"];

    /// <summary>The text of a file inside the container; empty when it does not exist.</summary>
    public static async Task<string> ReadAsync(DockerDaemon docker, string id, string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var created = await docker.Client.Exec.CreateContainerExecAsync(
            id, new ContainerExecCreateParameters { Cmd = ["sh", "-c", $"cat {path} 2>/dev/null || true"], AttachStdout = true }, timeout.Token);
        using var stream = await docker.Client.Exec.StartContainerExecAsync(created.ID, new ContainerExecStartParameters(), timeout.Token);
        var (stdout, _) = await stream.ReadOutputToEndAsync(timeout.Token);
        return stdout;
    }
}
