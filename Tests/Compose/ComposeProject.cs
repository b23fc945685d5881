using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Compose;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Settings;
using PryvBus.Tests.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Compose;

/// <summary>
/// A compose project of a test's own on the real daemon: a config root with a <c>pryv.yml</c>, two stand-in images
/// (<c>{project}/standin:a</c> and <c>:b</c>, tags of the local busybox image) and every container and tag removed at
/// the end. Services run <c>sleep</c> with no network and stop at once.
/// </summary>
internal sealed class ComposeProject : IAsyncDisposable
{
    private readonly DockerDaemon _docker;

    public ComposeProject(DockerDaemon docker)
    {
        _docker = docker;
        Name = DockerDaemon.NewProject();
        Repository = Name + "/standin";
        Settings = TestRestarter.Settings(docker, Name) with { ComposeCommand = ["docker-compose"], ComposeTimeout = TimeSpan.FromSeconds(60) };
    }

    public string Name { get; }

    public string Repository { get; }

    public TempDirectory Root { get; } = new();

    public ContainerSettings Settings { get; set; }

    public string Image(string tag) => $"{Repository}:{tag}";

    public async Task TagAsync(params string[] tags)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var tag in tags)
        {
            await _docker.Client.Images.TagImageAsync(DockerDaemon.Image, new ImageTagParameters { RepositoryName = Repository, Tag = tag }, timeout.Token);
        }
    }

    /// <summary>Writes <c>pryv.yml</c> with these services (service → image tag).</summary>
    public void Write(params (string Service, string Tag)[] services) =>
        File.WriteAllText(Root.Combine(ComponentSelection.RootFile), Text(services));

    public string Text(params (string Service, string Tag)[] services) =>
        "version: \"3.5\"\nservices:\n" + string.Concat(services.Select(s =>
            $"  {s.Service}:\n    image: {Image(s.Tag)}\n    command: [\"sleep\", \"3600\"]\n    network_mode: none\n    stop_signal: SIGKILL\n"));

    public ComposeStep Step() => new(Settings, Root.Path, NullLogger<ComposeStep>.Instance);

    /// <summary>The one container of a service: its id, image, start time and whether it runs.</summary>
    public async Task<(string Id, string Image, string StartedAt, bool Running)> ContainerAsync(string service)
    {
        var id = (await _docker.ContainerIdsAsync(Name, service)).Should().ContainSingle().Subject;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var inspected = await _docker.Client.Containers.InspectContainerAsync(id, timeout.Token);
        return (id, inspected.Config!.Image, inspected.State!.StartedAt, inspected.State.Running);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var containers = await _docker.Client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool> { [$"{ContainerLocator.ProjectLabel}={Name}"] = true },
                },
            },
            timeout.Token);
        foreach (var container in containers)
        {
            await _docker.Client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true }, timeout.Token);
        }

        foreach (var tag in new[] { "a", "b" })
        {
            try
            {
                // Only the tag goes: the busybox image keeps its own name.
                await _docker.Client.Images.DeleteImageAsync(Image(tag), new ImageDeleteParameters { NoPrune = true }, timeout.Token);
            }
            catch (DockerImageNotFoundException)
            {
                // Never tagged by this test.
            }
        }

        Root.Dispose();
    }
}
