using Docker.DotNet;
using Docker.DotNet.Models;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Containers;

/// <summary>
/// Finds a component's containers, stopped ones included: those labelled with the compose project and the
/// component as service, plus those named for the component in <see cref="ContainerSettings.ContainerNames"/>.
/// One-off containers (<c>docker compose run</c>) are left alone.
/// </summary>
public sealed class ContainerLocator
{
    public const string ProjectLabel = "com.docker.compose.project";
    public const string ServiceLabel = "com.docker.compose.service";
    public const string OneOffLabel = "com.docker.compose.oneoff";

    private readonly IDockerClient _client;
    private readonly ContainerSettings _settings;

    public ContainerLocator(IDockerClient client, ContainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        _client = client;
        _settings = settings;
    }

    /// <summary>The containers of each requested component (an empty list when it has none), in request order.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<LocatedContainer>>> FindAsync(
        IEnumerable<string> components, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(components);
        var all = await ListAsync(ct);
        var found = new Dictionary<string, IReadOnlyList<LocatedContainer>>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            found[component] = all.Where(c => c.Component == component).ToList();
        }

        return found;
    }

    /// <summary>Every component that has at least one container, sorted by name.</summary>
    public async Task<IReadOnlyList<string>> ListComponentsAsync(CancellationToken ct)
    {
        var all = await ListAsync(ct);
        return all.Select(c => c.Component).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>All containers of the project and of the name map, each once per component it belongs to.</summary>
    public async Task<IReadOnlyList<LocatedContainer>> ListAsync(CancellationToken ct)
    {
        var located = new List<LocatedContainer>();
        var labelled = await _client.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["label"] = new Dictionary<string, bool> { [$"{ProjectLabel}={_settings.ComposeProject}"] = true },
                },
            },
            ct);
        foreach (var container in labelled)
        {
            var labels = container.Labels ?? new Dictionary<string, string>();
            if (labels.TryGetValue(ServiceLabel, out var service) && !string.IsNullOrEmpty(service)
                && !(labels.TryGetValue(OneOffLabel, out var oneOff) && string.Equals(oneOff, "True", StringComparison.OrdinalIgnoreCase)))
            {
                located.Add(ToLocated(container, service));
            }
        }

        if (_settings.ContainerNames.Count > 0)
        {
            // Docker's "name" filter matches substrings, so names are compared here, exactly.
            var everything = await _client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, ct);
            foreach (var (component, names) in _settings.ContainerNames)
            {
                foreach (var container in everything.Where(c => NameOf(c) is { } n && names.Contains(n, StringComparer.Ordinal)))
                {
                    located.Add(ToLocated(container, component));
                }
            }
        }

        return located.DistinctBy(c => (c.Component, c.Id)).ToList();
    }

    private static LocatedContainer ToLocated(ContainerListResponse container, string component) =>
        new(container.ID, NameOf(container) ?? container.ID[..Math.Min(12, container.ID.Length)], component, container.State ?? "");

    private static string? NameOf(ContainerListResponse container) =>
        container.Names?.FirstOrDefault() is { } name ? name.TrimStart('/') : null;
}
