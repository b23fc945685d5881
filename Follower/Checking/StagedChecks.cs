using System.Security.Cryptography;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Compose;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Checking;

/// <summary>
/// The step between verify and apply: for each component of a version that declares a check (signed, in the version's
/// <c>components</c>) and whose files change, writes its new files to a staging folder and runs the check against them in
/// a throwaway container of the image the component will run (<see cref="CheckImages"/>, <see cref="CheckContainer"/>),
/// seeing them where its container, or else its service in the version's <c>pryv.yml</c>, mounts its folder. A check that
/// cannot run that way refuses the version: a declared check is never skipped. The live files are not touched: a
/// failing check, or a crash during one, leaves them as they were. A version where no changed component declares a check
/// costs nothing here (no staging, no Docker call).
/// </summary>
public sealed class StagedChecks : IDisposable
{
    /// <summary>The longest problem a failed check reports (status and log).</summary>
    public const int MaxProblem = 1000;

    private readonly FollowerSettings _settings;
    private readonly ContainerSettings _containers;
    private readonly DockerClient _client;
    private readonly ContainerLocator _locator;
    private readonly CheckContainer _runner;
    private readonly CheckImages _images;
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
        _images = new CheckImages(_client, _containers);

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
        var concerned = Concerned(version, applied);
        if (concerned.Count == 0)
        {
            return null;
        }

        // What a check prints may quote a file holding secrets: masked before it reaches the log or the status.
        var mask = new Lazy<OutputMask>(() => OutputMask.Of(version.Files.Where(f => version.SecretFiles.Contains(f.Key)).Select(f => f.Value)));
        string Mask(string text) => text.Length == 0 ? text : mask.Value.Mask(text);
        var compose = NewCompose(version, Mask);
        foreach (var component in concerned)
        {
            var failure = await RunOneAsync(version, component, compose, Mask, ct);
            if (failure is not null)
            {
                failure = failure with { Problem = Bounded(Mask(failure.Problem)) };
                CheckLog.Failed(_logger, component, version.Serial, failure.Problem);
                return failure;
            }
        }

        return null;
    }

    /// <summary>The services of the version's <c>pryv.yml</c>, or null when it has none or one the compose step would refuse too.</summary>
    private ComposeDefinition? NewCompose(VerifiedVersion version, Func<string, string> mask)
    {
        if (!version.Files.TryGetValue(ComponentSelection.RootFile, out var content))
        {
            return null;
        }

        try
        {
            return ComposeDefinition.Parse(System.Text.Encoding.UTF8.GetString(content), ComponentSelection.RootFile);
        }
        catch (ComposeFileException e)
        {
            // Not brought up by the compose step either: the running containers stay as they are, checks use them.
            CheckLog.ComposeUnreadable(_logger, version.Serial, Bounded(mask(e.Message)));
            return null;
        }
    }

    private async Task<CheckFailure?> RunOneAsync(
        VerifiedVersion version, string component, ComposeDefinition? compose, Func<string, string> mask, CancellationToken ct)
    {
        var check = version.Components[component].Check!;
        var service = compose?.Services.GetValueOrDefault(component);
        var running = await RunningAsync(component, ct);
        var pull = version.Files.TryGetValue(ComponentSelection.RootFile, out var composeFile)
            ? new ComposePull(_containers, _settings.ConfigRoot, RealRoot, composeFile, mask)
            : null;
        var (image, problem) = await _images.ChooseAsync(component, service, running, pull, ct);
        if (image is null)
        {
            return new CheckFailure(component, problem!);
        }

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
            // The running container's mounts, else those the version's pryv.yml gives the service.
            var live = Path.Combine(RealRoot, component);
            var mounts = (running is null ? null : CheckMounts.For(live, staged.Path, running.Mounts ?? []))
                ?? (service is null ? null : CheckMounts.For(live, staged.Path, ServiceMounts.Of(service, RealRoot)));
            if (mounts is null)
            {
                // Never applied unchecked: the check could not see the staged files where the component reads them.
                var container = running?.Name.TrimStart('/');
                var why = (container, service) switch
                {
                    (not null, not null) => $"neither its container {container} nor service {component} of the version's pryv.yml mounts anything of {live}",
                    (not null, null) => $"its container {container} mounts nothing of {live}, and the version's pryv.yml has no service {component}",
                    _ => $"no container of {component} on this machine, and service {component} of the version's pryv.yml mounts nothing of {live}",
                };
                return new CheckFailure(component, why + ": the check could not see the staged files");
            }

            CheckLog.Running(_logger, component, image.Image, image.Origin, version.Serial);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                problem = await _runner.RunAsync(_owner, component, image, mounts, check, mask, ct);
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

    /// <summary>The component's running container (else its first one), inspected; null when it has none.</summary>
    private async Task<ContainerInspectResponse?> RunningAsync(string component, CancellationToken ct)
    {
        using var lookup = CancellationTokenSource.CreateLinkedTokenSource(ct);
        lookup.CancelAfter(_containers.RequestTimeout);
        var found = (await _locator.FindAsync([component], lookup.Token))[component];
        var container = found.FirstOrDefault(c => c.State == "running") ?? (found.Count > 0 ? found[0] : null);
        return container is null ? null : await _client.Containers.InspectContainerAsync(container.Id, lookup.Token);
    }

    private string RealRoot => Posix.RealPath(_settings.ConfigRoot) ?? _settings.ConfigRoot;

    private static string Bounded(string text) => text.Length <= MaxProblem ? text : text[..MaxProblem] + "…";

    public void Dispose() => _client.Dispose();
}
