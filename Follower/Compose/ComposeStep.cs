using System.Globalization;
using Microsoft.Extensions.Logging;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Status;

namespace PryvBus.Follower.Compose;

/// <summary>
/// Brings the machine's compose project to <c>{root}/pryv.yml</c>, service by service: compares each service with the
/// definition it was last brought to (<see cref="ComposeBaseline"/>), checks that every changed or added service's image
/// is present (or pulls it, when allowed) before anything is stopped, then runs <c>up -d --no-deps --no-build</c> for
/// exactly those services. A service whose image is missing keeps its old container and reports the error. A service
/// removed from the file is reported and left alone, or stopped and removed when the settings allow it.
/// Runs only when <c>pryv.yml</c> changed: versions that leave it alone never parse YAML nor call the tool.
/// </summary>
public sealed class ComposeStep : IDisposable
{
    private const int MaxDetail = 1000;
    private const int MaxImageDetail = 300;

    /// <summary>The leader reads at most 256 fields of a status hash: room for every service of a Pryv.io role.</summary>
    private const int MaxImageFields = 64;

    private readonly ContainerSettings _settings;
    private readonly string _file;
    private readonly ComposeBaseline _baseline;
    private readonly ServiceBringUp _bringUp;
    private readonly ProjectDocker _docker;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public ComposeStep(ContainerSettings settings, string configRoot, ILogger<ComposeStep> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(configRoot);
        ArgumentNullException.ThrowIfNull(logger);
        _settings = settings;
        _file = Path.Combine(Path.GetFullPath(configRoot), ComponentSelection.RootFile);
        _baseline = new ComposeBaseline(configRoot);
        _docker = new ProjectDocker(settings);
        var root = Path.GetFullPath(configRoot);
        var tool = new ComposeTool(settings.ComposeCommand, settings.ComposeProject, _file, settings.ComposeTimeout, output => AppliedSecrets.Mask(root).Mask(output));
        _bringUp = new ServiceBringUp(settings, tool, _docker, logger);
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public async Task<ComposeOutcome> RunAsync(CancellationToken ct)
    {
        var text = ReadFile();
        ComposeDefinition wanted;
        try
        {
            wanted = text is null ? ComposeDefinition.Empty : ComposeDefinition.Parse(text, ComponentSelection.RootFile);
        }
        catch (ComposeFileException ex)
        {
            // Not retried: the next version brings another file. The containers stay as they are.
            var problem = AppliedSecrets.Mask(Path.GetDirectoryName(_file)!).Mask(ex.Message);
            ComposeLog.FileInvalid(_logger, problem);
            return Finished([], Fields("failed", problem));
        }

        var applied = _baseline.Read();
        if (wanted.Services.Count == 0 && applied.Count > 0)
        {
            // A version without pryv.yml, or with no service in it, is a mistake far more often than a wish to remove
            // every service of the machine: refused, the containers stay as they are.
            var refused = $"{ComponentSelection.RootFile} is missing or defines no service: nothing brought up or removed";
            ComposeLog.FileInvalid(_logger, refused);
            return Finished([], Fields("failed", refused));
        }

        var changes = ComposeChanges.Compare(applied, wanted);
        try
        {
            await _docker.PingAsync(ct);
            var errors = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var ready = await _bringUp.ReadyAsync(changes.ToBringUp, wanted, errors, ct);
            var before = ready.Count == 0 ? null : await _docker.ContainerIdsAsync(ct);
            var up = await _bringUp.UpAsync(ready, errors, ct);

            // Recreated: a new container. An up that found the container already matching changed nothing (its files
            // may still have changed: that component is restarted as usual).
            var after = before is null ? null : await _docker.ContainerIdsAsync(ct);
            var recreated = up.Where(s => before!.GetValueOrDefault(s) != after!.GetValueOrDefault(s)).ToArray();
            var notes = new List<string>();
            if (up.Count > 0)
            {
                notes.Add("brought up " + string.Join(',', up));
            }

            foreach (var service in up)
            {
                applied[service] = wanted.Services[service].Digest;
            }

            await RemoveAsync(changes.Removed, applied, notes, ct);
            _baseline.Write(applied);
            notes.AddRange(errors.Select(e => $"{e.Key} failed: {e.Value}"));
            var summary = notes.Count == 0 ? "no service changed" : string.Join("; ", notes);
            ComposeLog.Done(_logger, summary);
            var fields = Fields(errors.Count == 0 ? "done" : "failed", summary);
            await AddImagesAsync(fields, wanted, changes.Removed, errors, ct);
            if (errors.Values.FirstOrDefault(ServiceBringUp.TimedOut) is { } timedOut)
            {
                // Killed at its limit, compose may have left a service stopped: owed again, with backoff.
                return new ComposeOutcome(true, timedOut, recreated, Fields("pending", summary));
            }

            return Finished(recreated, fields) with { Again = ReadFile() != text };
        }
        catch (ComposeToolMissingException ex)
        {
            return PendingOutcome(ex.Message);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && (DockerFailure.IsUnreachable(ex) || ex is OperationCanceledException))
        {
            return PendingOutcome(ex is OperationCanceledException ? "Docker did not answer in time" : DockerFailure.Describe(ex));
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Docker answered with an error, or the state file could not be written: reported, tried again on the
            // next pryv.yml change or reload (services not brought up keep their old definition in compose.json).
            var reason = DockerFailure.Describe(ex);
            ComposeLog.Failed(_logger, reason);
            return Finished([], Fields("failed", reason));
        }
    }

    public void Dispose() => _docker.Dispose();

    private async Task RemoveAsync(IReadOnlyList<string> removed, SortedDictionary<string, string> applied, List<string> notes, CancellationToken ct)
    {
        foreach (var service in removed)
        {
            if (_settings.ComposeRemoveServices)
            {
                var count = await _docker.RemoveServiceAsync(service, ct);
                ComposeLog.Removed(_logger, service, count);
                notes.Add($"removed {service}");
            }
            else
            {
                ComposeLog.LeftRunning(_logger, service);
                notes.Add($"{service} removed from pryv.yml, left running");
            }

            // Reported once: the next pass does not report it again.
            applied.Remove(service);
        }
    }

    private async Task AddImagesAsync(
        Dictionary<string, string> fields, ComposeDefinition wanted, IReadOnlyList<string> removed, SortedDictionary<string, string> errors, CancellationToken ct)
    {
        var running = await _docker.ImagesAsync(ct);
        foreach (var (name, service) in wanted.Services.OrderBy(s => s.Key, StringComparer.Ordinal).Take(MaxImageFields))
        {
            var value = $"wanted {service.Image ?? "(none)"}; running {running.GetValueOrDefault(name, "(no container)")}";
            fields[StatusFields.ImagePrefix + name] = Bounded(errors.TryGetValue(name, out var error) ? $"{value}; error: {error}" : value, MaxImageDetail);
        }

        foreach (var name in removed.Take(MaxImageFields))
        {
            fields[StatusFields.ImagePrefix + name] = Bounded($"removed from pryv.yml; running {running.GetValueOrDefault(name, "(no container)")}", MaxImageDetail);
        }
    }

    private Dictionary<string, string> Fields(string outcome, string detail)
    {
        var at = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        return new Dictionary<string, string>(StringComparer.Ordinal) { [StatusFields.Compose] = Bounded($"{outcome} {at}: {detail}") };
    }

    private ComposeOutcome PendingOutcome(string reason) =>
        new(true, reason, [], Fields("pending", reason));

    private static ComposeOutcome Finished(IReadOnlyCollection<string> recreated, Dictionary<string, string> fields) =>
        new(false, null, recreated, fields);

    private static string Bounded(string text, int limit = MaxDetail) => text.Length <= limit ? text : text[..(limit - 1)] + "…";

    private string? ReadFile()
    {
        try
        {
            return File.ReadAllText(_file);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
