using System.Security.Cryptography;
using Docker.DotNet;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Checking;

/// <summary>
/// The step between verify and apply: for each component of a version that declares a check (signed, in the version's
/// <c>components</c>) and whose files change, writes its new files to a staging folder and runs the check against them in
/// a throwaway container of the component's image (<see cref="CheckContainer"/>). The live files are not touched: a
/// failing check, or a crash during one, leaves them as they were. A version where no changed component declares a check
/// costs nothing here (no staging, no Docker call).
/// </summary>
public sealed class StagedChecks : IDisposable
{
    private readonly FollowerSettings _settings;
    private readonly ContainerSettings _containers;
    private readonly DockerClient _client;
    private readonly ContainerLocator _locator;
    private readonly CheckContainer _runner;
    private readonly ILogger _logger;
    private readonly string _owner;

    public StagedChecks(FollowerSettings settings, ILogger<StagedChecks> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        _settings = settings;
        _containers = settings.Containers ?? throw new ArgumentException("Checks need the container settings.", nameof(settings));
        _logger = logger;
        _client = new DockerClientBuilder()
            .WithEndpoint(new Uri(_containers.Endpoint))
            .WithTimeout(TimeSpan.FromSeconds(Shared.Versions.ComponentRules.MaxTimeoutSeconds) + _containers.RequestTimeout)
            .Build();
        _locator = new ContainerLocator(_client, _containers);
        _runner = new CheckContainer(_client, _containers.RequestTimeout);

        // Whose check containers these are: this follower on this root (two followers may share a daemon, as tests do).
        var root = Path.GetFullPath(settings.ConfigRoot);
        _owner = settings.Id + ":" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(root)))[..16];
    }

    /// <summary>The components of <paramref name="version"/> that declare a check and whose files differ from the applied ones.</summary>
    public static IReadOnlyList<string> Concerned(VerifiedVersion version, Manifest? applied)
    {
        ArgumentNullException.ThrowIfNull(version);
        var result = new List<string>();
        foreach (var (component, spec) in version.Components.Where(c => c.Value.Check is not null).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var prefix = component + "/";
            var changed = applied is null
                || version.Files.Any(f => f.Key.StartsWith(prefix, StringComparison.Ordinal)
                    && (!applied.Files.TryGetValue(f.Key, out var entry) || entry.Sha256 != Convert.ToHexStringLower(SHA256.HashData(f.Value))))
                || applied.Files.Keys.Any(p => p.StartsWith(prefix, StringComparison.Ordinal) && !version.Files.ContainsKey(p));
            if (changed)
            {
                result.Add(component);
            }
        }

        return result;
    }

    /// <summary>At start: removes the staged files and the check containers an interrupted check left behind.</summary>
    public async Task CleanAsync(CancellationToken ct)
    {
        try
        {
            if (StagedFiles.Clean(_settings.ConfigRoot))
            {
                CheckLog.Cleaned(_logger, "staged files");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next start: staged files are never read as live ones, and the next check replaces its folder.
        }

        try
        {
            if (await _runner.CleanAsync(_owner, ct) is > 0 and var count)
            {
                CheckLog.Cleaned(_logger, $"{count} check container(s)");
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (DockerFailure.IsUnreachable(e) || e is DockerApiException or OperationCanceledException))
        {
            // Docker is down: a left-over check container is removed at the next start; it never touches the live files.
        }
    }

    /// <summary>Runs the checks the version calls for; null when every one passed (or none applies), else the first failure.</summary>
    /// <exception cref="Exception">Docker unreachable or failing: the caller retries the version later.</exception>
    public async Task<CheckFailure?> RunAsync(VerifiedVersion version, Manifest? applied, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        foreach (var component in Concerned(version, applied))
        {
            var failure = await RunOneAsync(version, component, ct);
            if (failure is not null)
            {
                CheckLog.Failed(_logger, component, version.Serial, failure.Problem);
                return failure;
            }
        }

        return null;
    }

    private async Task<CheckFailure?> RunOneAsync(VerifiedVersion version, string component, CancellationToken ct)
    {
        var check = version.Components[component].Check!;
        using var lookup = CancellationTokenSource.CreateLinkedTokenSource(ct);
        lookup.CancelAfter(_containers.RequestTimeout);
        var found = (await _locator.FindAsync([component], lookup.Token))[component];
        var container = found.FirstOrDefault(c => c.State == "running") ?? (found.Count > 0 ? found[0] : null);
        if (container is null)
        {
            CheckLog.NoContainer(_logger, component, version.Serial);
            return null;
        }

        var running = await _client.Containers.InspectContainerAsync(container.Id, lookup.Token);
        StagedFiles staged;
        try
        {
            staged = StagedFiles.Write(_settings, version, component);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return new CheckFailure(component, "its files could not be staged: " + e.Message);
        }

        using (staged)
        {
            var realRoot = Posix.RealPath(_settings.ConfigRoot) ?? _settings.ConfigRoot;
            var live = Path.Combine(realRoot, component);
            var mounts = CheckMounts.For(live, staged.Path, running.Mounts ?? []);
            if (mounts is null)
            {
                // The container reads nothing of these files: they cannot break it, and a check could not see them.
                CheckLog.NotMounted(_logger, component, container.Name, live, version.Serial);
                return null;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            string? problem;
            try
            {
                problem = await _runner.RunAsync(_owner, component, running, mounts, check, ct);
            }
            catch (DockerApiException e)
            {
                // The daemon refused the check container (a mount, the image): the version is refused, not retried in a loop.
                problem = "the check container could not run: " + BoundedOutput.FirstLines(DockerFailure.Describe(e), 3, 300);
            }

            if (problem is not null)
            {
                return new CheckFailure(component, problem);
            }

            CheckLog.Passed(_logger, component, CheckContainer.Describe(check), version.Serial, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return null;
        }
    }

    public void Dispose() => _client.Dispose();
}
