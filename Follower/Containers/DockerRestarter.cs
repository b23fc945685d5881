using System.Collections.Concurrent;
using Docker.DotNet;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Versions;

namespace PryvBus.Follower.Containers;

/// <summary>
/// The follower's last step before reporting: restarts the containers of the components whose files changed,
/// one at a time by default. One failing container never stops the others; an unreachable daemon gives
/// <see cref="RestartOutcome.Pending"/> results instead of an exception, so the caller can retry with backoff.
/// Throws only for a null argument, or <see cref="OperationCanceledException"/> when the caller cancels.
/// </summary>
public sealed class DockerRestarter : IDisposable
{
    /// <summary>Stands for every component that has a container (also accepted inside a component list).</summary>
    public const string AllComponents = "*";

    private readonly ContainerSettings _settings;
    private readonly DockerClient _client;
    private readonly ContainerLocator _locator;
    private readonly ContainerCycle _cycle;
    private readonly ContainerReload _reload;
    private readonly ComponentHealthProbe _health;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DockerRestarter(ContainerSettings settings, ILogger<DockerRestarter> logger)
        : this(settings, logger, TimeProvider.System)
    {
    }

    public DockerRestarter(ContainerSettings settings, ILogger<DockerRestarter> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid container settings:\n" + string.Join('\n', errors), nameof(settings));
        }

        _settings = settings;
        _logger = logger;
        _time = time;
        // Unversioned requests: the daemon answers with its own API version, so old engines work too.
        // The client's own limit (100 s by default) must not cut a restart short: each call gets a tighter one here.
        _client = new DockerClientBuilder()
            .WithEndpoint(new Uri(settings.Endpoint))
            .WithTimeout(settings.StopTimeout + settings.RequestTimeout + settings.RequestTimeout)
            .Build();
        _locator = new ContainerLocator(_client, settings);
        _cycle = new ContainerCycle(_client, settings, time, logger);
        _reload = new ContainerReload(_client, settings);
        _health = new ComponentHealthProbe(_client, _locator, _reload, settings);
    }

    /// <summary>Restarts every component that has a container in the project or the name map.</summary>
    public Task<IReadOnlyList<ComponentRestartResult>> RestartAllAsync(CancellationToken ct) =>
        RestartAsync([AllComponents], ct);

    /// <summary>Reloads or restarts every component that has a container, each with its declared action.</summary>
    public Task<IReadOnlyList<ComponentRestartResult>> RestartAllAsync(IReadOnlyDictionary<string, ComponentSpec> actions, CancellationToken ct) =>
        RestartAsync([AllComponents], actions, ct);

    /// <summary>
    /// Restarts the containers of <paramref name="components"/> (or all, with <see cref="AllComponents"/>) and
    /// returns one result per component, in request order (sorted by name for "all").
    /// </summary>
    public Task<IReadOnlyList<ComponentRestartResult>> RestartAsync(IReadOnlyCollection<string> components, CancellationToken ct) =>
        RestartAsync(components, new Dictionary<string, ComponentSpec>(StringComparer.Ordinal), ct);

    /// <summary>
    /// As <see cref="RestartAsync(IReadOnlyCollection{string}, CancellationToken)"/>, but a component whose signed
    /// declaration (<paramref name="actions"/>) names a signal or a command is reloaded that way; when that fails, its
    /// container is restarted instead and the result says so (<see cref="ContainerRestartResult.Note"/>).
    /// </summary>
    public async Task<IReadOnlyList<ComponentRestartResult>> RestartAsync(
        IReadOnlyCollection<string> components, IReadOnlyDictionary<string, ComponentSpec> actions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(actions);
        IReadOnlyList<string> names;
        IReadOnlyDictionary<string, IReadOnlyList<LocatedContainer>> found;
        try
        {
            await PingAsync(ct);
            names = components.Contains(AllComponents)
                ? await WithTimeout(_locator.ListComponentsAsync, ct)
                : components.Distinct(StringComparer.Ordinal).ToList();
            found = await WithTimeout(token => _locator.FindAsync(names, token), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (DockerFailure.IsUnreachable(e) || e is OperationCanceledException))
        {
            var reason = e is OperationCanceledException
                ? $"no answer within {_settings.RequestTimeout.TotalSeconds:0.#} s"
                : DockerFailure.Describe(e);
            ContainerLog.Unreachable(_logger, DockerFailure.Redact(_settings.Endpoint), reason);
            var now = _time.GetUtcNow();
            return components.Distinct(StringComparer.Ordinal)
                .Select(c => ComponentRestartResult.Unreachable(c, reason, now)).ToList();
        }
        catch (DockerApiException e)
        {
            // The daemon answered, but could not list containers: every component failed, for the same reason.
            var now = _time.GetUtcNow();
            return components.Distinct(StringComparer.Ordinal)
                .Select(c => ComponentRestartResult.ListingFailed(c, DockerFailure.Describe(e), now)).ToList();
        }

        foreach (var name in names.Where(n => found[n].Count == 0))
        {
            ContainerLog.NoContainer(_logger, name, _settings.ComposeProject);
        }

        // A container shared by two requested components is restarted once.
        var work = names.SelectMany(n => found[n]).DistinctBy(c => c.Id).ToList();
        var done = new ConcurrentDictionary<string, ContainerRestartResult>(StringComparer.Ordinal);
        var options = new ParallelOptions { MaxDegreeOfParallelism = _settings.Parallelism, CancellationToken = ct };
        await Parallel.ForEachAsync(work, options, async (container, token) =>
            done[container.Id] = await RunAsync(container, actions.GetValueOrDefault(container.Component)?.Reload ?? ReloadAction.Restart, token));

        var finishedAt = _time.GetUtcNow();
        return names
            .Select(n => ComponentRestartResult.From(n, found[n].Select(c => done[c.Id]).ToList(), finishedAt))
            .ToList();
    }

    /// <summary>One look at a component's health (containers, Docker health checks, probe): null when healthy, else why not.</summary>
    public Task<string?> HealthProblemAsync(string component, ComponentHealth health, CancellationToken ct) =>
        _health.ProblemAsync(component, health, ct);

    public void Dispose()
    {
        _health.Dispose();
        _client.Dispose();
    }

    private async Task<ContainerRestartResult> RunAsync(LocatedContainer container, ReloadAction action, CancellationToken ct)
    {
        if (action.Kind == ReloadKind.Restart)
        {
            return await _cycle.RunAsync(container, ct);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var failure = await _reload.RunAsync(container, action, ct);
        if (failure is null)
        {
            ContainerLog.Reloaded(_logger, container.Component, container.Name, action.ToString(), (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new ContainerRestartResult(container.Id, container.Name, RestartOutcome.Reloaded, 1, null, _time.GetUtcNow());
        }

        ContainerLog.ReloadFellBack(_logger, container.Component, container.Name, action.ToString(), failure);
        var restarted = await _cycle.RunAsync(container, ct);
        return restarted with { Note = $"fallback to a restart: {action} failed ({failure})" };
    }

    private Task PingAsync(CancellationToken ct) => WithTimeout(async token =>
    {
        await _client.System.PingAsync(token);
        return true;
    }, ct);

    private async Task<T> WithTimeout<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_settings.RequestTimeout);
        return await call(timeout.Token);
    }
}
