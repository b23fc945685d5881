using Microsoft.Extensions.Logging;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Compose;

/// <summary>
/// The two halves of bringing services up: every image present (or pulled, when allowed) before anything is stopped,
/// then one <c>up -d --no-deps --no-build</c> for them all, and each on its own when that fails, so that one bad
/// service neither holds back the others nor hides which one failed.
/// </summary>
internal sealed class ServiceBringUp(ContainerSettings settings, ComposeTool tool, ProjectDocker docker, ILogger logger)
{
    /// <summary>The services whose image is present (or pulled); the others get their error in <paramref name="errors"/>.</summary>
    public async Task<List<string>> ReadyAsync(
        IReadOnlyList<string> services, ComposeDefinition wanted, SortedDictionary<string, string> errors, CancellationToken ct)
    {
        var ready = new List<string>();
        foreach (var service in services)
        {
            // No image (built), or one compose interpolates (${TAG}): compose itself resolves it.
            var image = wanted.Services[service].Image;
            if (image is null || image.Contains('$', StringComparison.Ordinal) || await docker.HasImageAsync(image, ct))
            {
                ready.Add(service);
                continue;
            }

            var pull = string.Empty;
            if (settings.ComposePull)
            {
                ComposeLog.Pulling(logger, service, image);
                var run = await tool.RunAsync(["pull", service], ct);
                if (await docker.HasImageAsync(image, ct))
                {
                    ready.Add(service);
                    continue;
                }

                pull = $" (pull: {run.Describe()})";
            }

            errors[service] = $"image {image} is not on this machine{pull}; nothing was stopped";
            ComposeLog.ServiceFailed(logger, service, errors[service]);
        }

        return ready;
    }

    /// <summary>Runs <c>up</c> for the ready services; returns those brought up, the others get their error.</summary>
    private const string UpFailed = "compose up: ";

    /// <summary>Whether a service's error says its <c>up</c> was killed at the time limit (state unknown: owed again).</summary>
    public static bool TimedOut(string error) => error.StartsWith(UpFailed + ComposeRun.TimedOut, StringComparison.Ordinal);

    public async Task<List<string>> UpAsync(List<string> ready, SortedDictionary<string, string> errors, CancellationToken ct)
    {
        if (ready.Count == 0)
        {
            return [];
        }

        ComposeLog.BringingUp(logger, string.Join(',', ready), settings.ComposeProject, tool.Command);
        var run = await tool.RunAsync(["up", "-d", "--no-deps", "--no-build", .. ready], ct);
        if (run.Succeeded)
        {
            return ready;
        }

        // One failed: each on its own, so that the others still get their new definition and the error names its service.
        var up = new List<string>();
        foreach (var service in ready)
        {
            var single = ready.Count == 1 ? run : await tool.RunAsync(["up", "-d", "--no-deps", "--no-build", service], ct);
            if (single.Succeeded)
            {
                up.Add(service);
            }
            else
            {
                errors[service] = UpFailed + single.Describe();
                ComposeLog.ServiceFailed(logger, service, errors[service]);
            }
        }

        return up;
    }
}
