using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Settings;

namespace PryvBus.Tests.Fixtures;

/// <summary>
/// The machine's real Docker daemon, shared by one test class (IClassFixture). It only checks that the daemon
/// answers and that the local image exists — starting the daemon is <c>./pryvbus.sh deps</c>'s job (CI runs
/// it). Creates stand-in containers and removes them all at dispose. Tests isolate themselves with
/// <see cref="NewProject"/>; no test may stop the daemon.
/// </summary>
public sealed class DockerDaemon : IAsyncLifetime
{
    public const string Image = "pryvbus/busybox:local";

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentBag<string> _created = [];
    private DockerClient? _client;

    public string Endpoint { get; } = ContainerSettings.DefaultEndpoint();

    public IDockerClient Client => _client ?? throw new InvalidOperationException("The Docker fixture is not initialized.");

    /// <summary>A compose project label value of the test's own, so tests never see each other's containers.</summary>
    public static string NewProject() => "pryvbus-t" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        _client = new DockerClientBuilder().WithEndpoint(new Uri(Endpoint)).Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _client.System.PingAsync(timeout.Token);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"The Docker daemon at {Endpoint} does not answer ({e.Message} {e.InnerException?.Message}). Run ./pryvbus.sh deps first " +
                "(as root): it installs docker.io, starts dockerd without a bridge and imports the test image.", e);
        }

        try
        {
            await _client.Images.InspectImageAsync(Image, timeout.Token);
        }
        catch (DockerImageNotFoundException e)
        {
            throw new InvalidOperationException($"The image {Image} is missing. Run ./pryvbus.sh deps: it imports it from busybox-static (nothing is pulled).", e);
        }
    }

    /// <summary>Creates (and by default starts) a stand-in and returns its id.</summary>
    public async Task<string> RunAsync(StandIn standIn)
    {
        ArgumentNullException.ThrowIfNull(standIn);
        var labels = new Dictionary<string, string>(standIn.Labels);
        if (standIn.Project is not null && standIn.Service is not null)
        {
            labels[ContainerLocator.ProjectLabel] = standIn.Project;
            labels[ContainerLocator.ServiceLabel] = standIn.Service;
        }

        using var timeout = new CancellationTokenSource(CallTimeout);
        var created = await Client.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Image = Image,
                Name = standIn.Name,
                Cmd = standIn.Command.ToList(),
                Labels = labels,
                // `sleep` as PID 1 ignores SIGTERM: SIGKILL makes every stop (and restart) immediate.
                StopSignal = "SIGKILL",
                Healthcheck = standIn.HealthCommand is null ? null : new HealthcheckConfig
                {
                    Test = ["CMD-SHELL", standIn.HealthCommand],
                    Interval = TimeSpan.FromSeconds(1),
                    Timeout = TimeSpan.FromSeconds(1),
                    Retries = 1,
                },
                HostConfig = new HostConfig { NetworkMode = "none", Binds = [.. standIn.Binds] },
            },
            timeout.Token);
        _created.Add(created.ID);
        if (standIn.Start)
        {
            await Client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), timeout.Token);
        }

        return created.ID;
    }

    /// <summary>The ids of a compose project's containers for one service, sorted.</summary>
    public async Task<IReadOnlyList<string>> ContainerIdsAsync(string project, string service)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        var containers = await Client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool>
                    {
                        [$"{ContainerLocator.ProjectLabel}={project}"] = true,
                        [$"{ContainerLocator.ServiceLabel}={service}"] = true,
                    },
                },
            },
            timeout.Token);
        return containers.Select(c => c.ID).Order(StringComparer.Ordinal).ToArray();
    }

    public async Task<State> StateAsync(string id)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        var inspected = await Client.Containers.InspectContainerAsync(id, timeout.Token);
        return inspected.State ?? throw new InvalidOperationException($"Docker returned no state for {id}.");
    }

    /// <summary>When the container's current run began; a restart changes it.</summary>
    public async Task<string> StartedAtAsync(string id) => (await StateAsync(id)).StartedAt;

    public async Task StopAsync(string id)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        await Client.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = 0 }, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_client is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(CallTimeout);
        foreach (var id in _created)
        {
            try
            {
                await _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, timeout.Token);
            }
            catch (DockerContainerNotFoundException)
            {
                // Already gone.
            }
        }

        _client.Dispose();
    }
}
