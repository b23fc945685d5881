using Docker.DotNet;
using Docker.DotNet.Models;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Compose;

/// <summary>
/// What the compose step asks the Docker Engine API directly: whether an image is present, which image each service of
/// the project runs, and (when allowed) the removal of a service's containers. Everything else goes through the compose
/// tool. Each call is bounded by <see cref="ContainerSettings.RequestTimeout"/>.
/// </summary>
public sealed class ProjectDocker : IDisposable
{
    private readonly ContainerSettings _settings;
    private readonly DockerClient _client;

    public ProjectDocker(ContainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _client = new DockerClientBuilder()
            .WithEndpoint(new Uri(settings.Endpoint))
            .WithTimeout(settings.StopTimeout + settings.RequestTimeout + settings.RequestTimeout)
            .Build();
    }

    public Task PingAsync(CancellationToken ct) => Bounded(token => _client.System.PingAsync(token), ct);

    /// <summary>True when the image is present on this machine.</summary>
    public async Task<bool> HasImageAsync(string image, CancellationToken ct)
    {
        try
        {
            await Bounded(token => _client.Images.InspectImageAsync(image, token), ct);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Service → the image its containers were created from ("a, b" when they differ); running or not.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ImagesAsync(CancellationToken ct)
    {
        var containers = await ListAsync(null, ct);
        return containers
            .Where(c => c.Labels is not null && c.Labels.ContainsKey(ContainerLocator.ServiceLabel)
                && !(c.Labels.TryGetValue(ContainerLocator.OneOffLabel, out var oneOff) && oneOff == "True"))
            .GroupBy(c => c.Labels[ContainerLocator.ServiceLabel], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(c => c.Image).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)), StringComparer.Ordinal);
    }

    /// <summary>Service → its containers' ids (sorted, joined): a change after an <c>up</c> means it was recreated.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ContainerIdsAsync(CancellationToken ct)
    {
        var containers = await ListAsync(null, ct);
        return containers
            .Where(c => c.Labels is not null && c.Labels.ContainsKey(ContainerLocator.ServiceLabel))
            .GroupBy(c => c.Labels[ContainerLocator.ServiceLabel], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(',', g.Select(c => c.ID).Order(StringComparer.Ordinal)), StringComparer.Ordinal);
    }

    /// <summary>Stops and removes the containers of a service that left the compose file; returns how many.</summary>
    public async Task<int> RemoveServiceAsync(string service, CancellationToken ct)
    {
        var containers = await ListAsync(service, ct);
        foreach (var container in containers)
        {
            await Bounded(
                token => _client.Containers.StopContainerAsync(
                    container.ID, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)_settings.StopTimeout.TotalSeconds }, token),
                ct,
                _settings.StopTimeout);
            await Bounded(token => _client.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters(), token), ct);
        }

        return containers.Count;
    }

    public void Dispose() => _client.Dispose();

    private Task<IList<ContainerListResponse>> ListAsync(string? service, CancellationToken ct)
    {
        var labels = new Dictionary<string, bool>(StringComparer.Ordinal) { [$"{ContainerLocator.ProjectLabel}={_settings.ComposeProject}"] = true };
        if (service is not null)
        {
            labels[$"{ContainerLocator.ServiceLabel}={service}"] = true;
        }

        return Bounded(
            token => _client.Containers.ListContainersAsync(
                new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = labels } },
                token),
            ct);
    }

    private async Task<T> Bounded<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct, TimeSpan extra = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_settings.RequestTimeout + extra);
        return await call(timeout.Token);
    }

    private async Task Bounded(Func<CancellationToken, Task> call, CancellationToken ct, TimeSpan extra = default) =>
        await Bounded<bool>(async token => { await call(token); return true; }, ct, extra);
}
