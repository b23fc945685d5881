using System.Text.Json;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Logging;
using PryvBus.Shared.Settings;
using StackExchange.Redis;

namespace PryvBus.Leader.Values;

/// <summary>
/// Changes platform values in the settings file itself, the one source of truth (docs/settings.md, "Changing values"):
/// only the value's bytes are replaced, the edited text is read again by the real loader before anything is written, the
/// write is atomic, and a change based on a stale ETag is refused, never merged. Used by the HTTP API (one instance per
/// leader: edits are serialized) and by the <c>set</c> command.
/// </summary>
/// <param name="configPath">config-leader.json.</param>
/// <param name="stateDirectory">The leader's state folder: its <c>settings.lock</c> serializes edits between processes (the service and <c>set</c>).</param>
/// <param name="environment">The variables that override the file (the loader's).</param>
/// <param name="pipeline">Renders after a change, and previews a dry-run.</param>
/// <param name="redis">The store (current versions for the dry-run diff).</param>
/// <param name="audit">Where a change is recorded.</param>
/// <param name="provider">The service's settings, reloaded after a change; null for the command (it renders what it wrote).</param>
/// <param name="history">The service's last pass, for <c>/health</c>.</param>
/// <param name="logger">Where changes are logged (names, actors and reasons, never values).</param>
public sealed class ValueService(
    string configPath, string stateDirectory, SettingsEnvironment environment, PlatformPipeline pipeline, IConnectionMultiplexer redis, IAuditTrail audit,
    SettingsProvider? provider = null, RenderHistory? history = null, ILogger? logger = null) : IDisposable
{
    public const string LockFile = "settings.lock";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public string ConfigPath { get; } = Path.GetFullPath(configPath);

    /// <summary>Called between the temp file and the rename (tests simulate a crash there).</summary>
    internal Action? BeforeRename { get; set; }

    /// <summary>Called when this caller's pass comes to its store before the file is written (tests hold the write until then).</summary>
    internal Action? PassWaitingForWrite { get; set; }

    /// <summary>The file as it is on disk now: its ETag and its settings, or its problems.</summary>
    public ValueListing List()
    {
        var (bytes, etag) = SettingsFile.Read(ConfigPath);
        try
        {
            // The file in force (loaded from these very bytes) is not parsed again.
            return new ValueListing(etag, provider?.LoadedFrom(bytes, environment) ?? SettingsLoader.Parse(SettingsFile.Text(bytes), ConfigPath, environment), []);
        }
        catch (SettingsException ex)
        {
            return new ValueListing(etag, null, ex.Errors);
        }
    }

    public async Task<ValueOutcome> SetAsync(ValueRequest request, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        await _gate.WaitAsync(ct);
        try
        {
            return await SetLockedAsync(request, actor, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ValueOutcome> SetLockedAsync(ValueRequest request, Actor actor, CancellationToken ct)
    {
        // Sent now, read after the render: the reads go out before the pass's store on the one connection, and their round
        // trip runs while the file is written instead of before it.
        var before = StoredSerials.ReadAsync(redis, provider?.Current ?? List().Settings);
        if (before.IsFaulted)
        {
            // It could not even be sent (the roles' folders unreadable): nothing is written. With Redis away the read waits
            // in the client's queue instead: the file is written and the answer says it is not rendered yet.
            await before;
        }

        try
        {
            return await ChangeAsync(request, actor, before, ct);
        }
        finally
        {
            // Observed on every path (a refusal, a failed write): a failure of its own is never left unobserved.
            await ((Task)before).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<ValueOutcome> ChangeAsync(ValueRequest request, Actor actor, Task<Dictionary<string, long>> serialsBefore, CancellationToken ct)
    {
        State.StateFiles.EnsureFolder(stateDirectory);
        var fileLock = await State.StateFiles.LockAsync(Path.Combine(stateDirectory, LockFile), LockTimeout, ct);
        ValueOutcome outcome;
        LeaderSettings? written = null;
        SettingsWrite? write = null;
        try
        {
            (outcome, written, write) = await EditAsync(request, fileLock);
        }
        finally
        {
            if (write is null)
            {
                fileLock.Dispose(); // otherwise the write lets it go once it has landed
            }
        }

        if (write is null)
        {
            return outcome;
        }

        // The pass reads its inputs and renders while the file is written, and stores nothing before the write has landed
        // with these very settings in force (docs/performance.md, "The settings file written while the pass renders").
        // Written or not, it runs to its end even when the caller goes away (a render cut short would wait for the next pass).
        var pass = pipeline.RunAsync(written!, request.Reason, trustStored: true, inputsSettled: () =>
        {
            if (!write.Landed.IsCompleted)
            {
                PassWaitingForWrite?.Invoke();
            }

            return write.InForceAsWrittenAsync();
        }, readFirst: true, ct: CancellationToken.None);
        LeaderSettings? settings;
        try
        {
            settings = await write.Landed;
        }
        catch
        {
            await ((Task)pass).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // it stored nothing; the write's failure is the answer
            throw;
        }

        if (settings is null)
        {
            await ((Task)pass).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var now = SettingsFile.Read(ConfigPath).ETag;
            return new ValueOutcome(ValueOutcomeKind.Stale, now, $"{ConfigPath} changed while the change was being made: nothing written; read it again");
        }

        if (!ReferenceEquals(settings, written))
        {
            // An edit by hand was loaded meanwhile: the pass stored nothing; the settings in force are rendered instead.
            await ((Task)pass).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            pass = pipeline.RunAsync(settings, request.Reason, trustStored: true, ct: CancellationToken.None);
        }

        return await RenderedAsync(request, actor, outcome, pass, serialsBefore);
    }

    /// <summary>The answer once the pass is over, the change audited (once the new versions are out, before the answer).</summary>
    private async Task<ValueOutcome> RenderedAsync(
        ValueRequest request, Actor actor, ValueOutcome outcome, Task<IReadOnlyList<RoleReport>> pass, Task<Dictionary<string, long>> serialsBefore)
    {
        var changedAt = DateTimeOffset.UtcNow;
        ValueLog.Changed(_logger, request.Name, ConfigPath, LogText.Escape(actor.Name), actor.Source, LogText.Escape(request.Reason));
        // The audit record's round trips and fsyncs do not stand between the change and the followers
        // (docs/performance.md, "The operator path on the real leader").
        try
        {
            var reports = await pass;
            history?.Record(reports);
            var before = await StoredSerials.SettleAsync(serialsBefore);
            return outcome with { Message = $"{outcome.Change}; rendered", Reports = [.. reports.Select(r => StoredSerials.Mark(r, before))] };
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or State.StateException or Versions.StoreDataException)
        {
            history?.RecordFailure(ex);
            ValueLog.NotRendered(_logger, request.Name, LogText.Escape(ex.Message));
            return outcome with { Message = $"{outcome.Change}; written, but not rendered yet: {ex.Message}", RenderProblem = ex.Message };
        }
        catch (Exception ex)
        {
            // /health tells, and what waits for a pass's end (a settings edit's audit record) is recorded.
            history?.RecordFailure(ex);
            throw;
        }
        finally
        {
            await audit.RecordAsync(new AuditEntry("value.set", actor, request.Reason, null, outcome.Change) { At = changedAt }, CancellationToken.None);
        }
    }

    /// <summary>
    /// Checks or previews the change, or starts its write (under the values' lock, which the write lets go); the settings
    /// being written and the write, or nulls when nothing is.
    /// </summary>
    private async Task<(ValueOutcome Outcome, LeaderSettings? Written, SettingsWrite? Write)> EditAsync(ValueRequest request, IDisposable fileLock)
    {
        var (bytes, etag) = SettingsFile.Read(ConfigPath);
        if (request.IfMatch is { } expected && expected != etag)
        {
            return (new ValueOutcome(ValueOutcomeKind.Stale, etag, $"{ConfigPath} changed since {expected}: read it again (GET) and redo the change on the new content"), null, null);
        }

        var file = Path.GetFileName(ConfigPath);
        var text = SettingsFile.Text(bytes);
        // The file in force (loaded from these very bytes) is not parsed again.
        var before = provider?.LoadedFrom(bytes, environment);
        IReadOnlyList<string> problems = [];
        try
        {
            before ??= SettingsLoader.Parse(text, ConfigPath, environment);
        }
        catch (SettingsException ex)
        {
            problems = ex.Errors;
        }

        var edit = Edit(bytes, request, before is null);
        if (edit is null && before is null)
        {
            // A file with problems is edited only to give a declared entry its missing value (its one problem, maybe).
            return (new ValueOutcome(ValueOutcomeKind.Invalid, etag, $"{file} has problems already: fix them in the file first") { Problems = problems }, null, null);
        }

        if (edit is null)
        {
            return (new ValueOutcome(ValueOutcomeKind.NotFound, etag,
                $"no platform value '{SettingsKeys.Printable(request.Name)}' in {file}: declare it in the file's platform section first (the API changes values, it does not create them)"), null, null);
        }

        var edited = edit;
        LeaderSettings after;
        try
        {
            after = SettingsLoader.Parse(SettingsFile.Text(edited), ConfigPath, environment);
        }
        catch (SettingsException ex)
        {
            return (new ValueOutcome(ValueOutcomeKind.Invalid, etag, $"platform.{request.Name}: the new value is refused; nothing written") { Problems = ex.Errors }, null, null);
        }

        if (!ValueEditGuard.OnlyValueChanged(text, SettingsFile.Text(edited), request.Name, request.Value)
            || !JsonElement.DeepEquals(after.Platform[request.Name].Value, request.Value))
        {
            throw new InvalidOperationException($"editing platform.{request.Name} would have changed more than its value: nothing written");
        }

        var change = ValueChange.Describe(before?.Platform.GetValueOrDefault(request.Name), after.Platform[request.Name]);
        if (request.DryRun)
        {
            return (new ValueOutcome(ValueOutcomeKind.DryRun, etag, "dry run: nothing written")
            {
                Change = change, Previews = await RolePreviews.BuildAsync(pipeline, redis, before ?? after, after),
            }, null, null);
        }

        provider?.Expect(edited);
        var changed = new ValueOutcome(ValueOutcomeKind.Changed, SettingsFile.ETagOf(edited), change) { Change = change };
        return (changed, after, SettingsWrite.Start(ConfigPath, edited, etag, after, provider, fileLock, BeforeRename));
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// The edited bytes; null when the file has no such entry, or when it has problems and the entry is not one waiting
    /// for its value (a documented entry without a <c>value</c> key).
    /// </summary>
    private static byte[]? Edit(byte[] bytes, ValueRequest request, bool onlyInsert)
    {
        try
        {
            return onlyInsert && SettingsTextEdit.Locate(bytes, request.Name)?.Kind != ValueSpotKind.Insert
                ? null
                : SettingsTextEdit.Replace(bytes, request.Name, request.Value);
        }
        catch (Exception ex) when (onlyInsert && ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
