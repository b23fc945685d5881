using Microsoft.Extensions.Logging;
using PryvBus.Leader.Logging;
using PryvBus.Leader.Publishing;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.State;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// The leader's flow for every role: resolve secrets → render → seal new secrets in the state folder
/// (<see cref="PassSecrets"/>) → store (only when the content changed, or the current version must be repaired) → publish.
/// A role that fails (render, seal or store) publishes nothing and keeps its current version; the other roles go on. With
/// no replica to wait for, the event goes out with the store's transaction (<see cref="RoleAnnouncer"/>): a store
/// whose answer is lost after its commit may have announced the version it did commit. Each pass works in the store
/// generation of the leader's own <see cref="StoreLedger"/>, opened under the state folder's lock.
/// </summary>
public sealed class PlatformPipeline(
    IConnectionMultiplexer redis, ILogger<PlatformPipeline> logger, Func<string, string?>? environment = null, Api.LeaderMetrics? metrics = null,
    TimeProvider? time = null)
{
    private readonly TemplateRenderer _renderer = new(time);
    private readonly StoreCache _stored = new();
    private readonly AnnouncedFiles _announced = new();

    /// <summary>The state folder's secrets as the last pass left them; taken by one pass at a time (null meanwhile).</summary>
    private SecretState? _secrets;

    /// <summary>What the last pass left for a trusted one (<see cref="PassMemo"/>); taken as <see cref="_secrets"/>.</summary>
    private PassMemo? _memo;

    /// <summary>What the last pass left for a trusted one, as it stands (tests).</summary>
    internal PassMemo? Memo => Volatile.Read(ref _memo);

    private IWatchedTree? _watch;

    /// <summary>
    /// The file watch over the template folder while the leader's service runs one (null: none). Every render keeps its
    /// stamp, and a trusted pass (<c>trustStored</c>: <c>SIGHUP</c>, a file edit, the values API) takes a role's folder
    /// whose stamp did not move as listed before (<see cref="TemplateRenderer.Render"/>); other passes walk every folder.
    /// </summary>
    public IWatchedTree? Watch
    {
        get => Volatile.Read(ref _watch);
        set => Volatile.Write(ref _watch, value);
    }

    /// <summary>The state folder's secrets the pipeline holds between passes, as it stands (tests).</summary>
    internal SecretState? HeldSecrets => Volatile.Read(ref _secrets);

    /// <summary>One pass over every role (or <paramref name="onlyRoles"/>).</summary>
    /// <param name="settings">The settings in force.</param>
    /// <param name="reason">Why (logged, recorded in each stored version's meta).</param>
    /// <param name="onlyRoles">The roles to run; null for every role.</param>
    /// <param name="trustStored">
    /// True for a pass that an operator's change asked for (SIGHUP, a file edit, the values API): a role whose render
    /// equals what this pipeline last stored or found current is kept without reading Redis. False (leader start,
    /// reconnection, periodic check, commands): every role's current version is read and checked (tampered, lost…).
    /// </param>
    /// <param name="ct">Stops the pass between roles.</param>
    /// <param name="inputsSettled">
    /// Awaited just before a role is stored (its render, or its pinned version): false when the settings or templates
    /// were edited since the pass began (the file watch's view), so what was read may be half an edit, or when the
    /// settings the pass was given did not land in the file (a value change's write, which runs while the pass renders);
    /// the role is then not stored, and the pass that follows stores what is in force. Null: always stored.
    /// </param>
    /// <param name="readFirst">
    /// True: even a trusted pass reads the secrets, the generation and the pins before its render (a value change's pass,
    /// which waits for the settings file's write anyway: reading nothing first made its `PUT` slower in session 39's pairs).
    /// </param>
    public async Task<IReadOnlyList<RoleReport>> RunAsync(
        LeaderSettings settings, string reason, IReadOnlyCollection<string>? onlyRoles = null, bool trustStored = false, Func<ValueTask<bool>>? inputsSettled = null,
        bool readFirst = false, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var watch = Watch;
        var memo = Interlocked.Exchange(ref _memo, null);
        if (trustStored && !readFirst && memo is not null)
        {
            try
            {
                return await RunOnceAsync(settings, reason, onlyRoles, trustStored, inputsSettled, memo, null, watch, ct);
            }
            catch (StalePassException ex)
            {
                // Redis moved under the pass (flushed, restored, a pin by hand): roles again, checking each
                // (StalePassException says which); what the first attempt did for the others keeps its report.
                var again = ex.RolesAgain(onlyRoles);
                LeaderLog.PassReadAgain(logger, again is null ? "every role" : string.Join(", ", again), ex.Message);
                return await RunOnceAsync(settings, reason, again, trustStored: false, inputsSettled, null, ex, watch, ct);
            }
        }

        return await RunOnceAsync(settings, reason, onlyRoles, trustStored, inputsSettled, null, null, watch, ct);
    }

    /// <param name="after">The first attempt of a pass this one runs again for some roles: its other reports are the pass's too.</param>
    private async Task<IReadOnlyList<RoleReport>> RunOnceAsync(
        LeaderSettings settings, string reason, IReadOnlyCollection<string>? onlyRoles, bool trustStored, Func<ValueTask<bool>>? inputsSettled, PassMemo? memo,
        StalePassException? after, IWatchedTree? watch, CancellationToken ct)
    {
        var store = new VersionStore(redis, settings.Keys, settings.HistoryLength, cache: _stored, trustCache: trustStored);

        // The template root is listed once for the whole pass.
        var folders = settings.RoleFolders();
        var roles = folders.Roles.Where(r => onlyRoles is null || onlyRoles.Contains(r)).ToArray();
        var held = Interlocked.Exchange(ref _secrets, null);
        OpenedPass opened;
        try
        {
            opened = await PassOpening.OpenAsync(
                redis, settings, store, folders.Roles, roles, memo, held, environment ?? Environment.GetEnvironmentVariable, logger, time, ct);
        }
        catch
        {
            // Nothing read into it was lost: the next pass keeps it rather than reading the state folder again.
            Interlocked.CompareExchange(ref _secrets, held, null);
            throw;
        }

        try
        {
            IReadOnlyList<RoleReport> reports;
            using (opened.Ledger)
            {
                reports = await RunRolesAsync(settings, folders.Stray, roles, reason, onlyRoles is null, store, opened, inputsSettled, new RolePass(redis, _renderer, logger, watch, trustStored), ct);
            }

            reports = after?.Merge(reports) ?? reports;

            _memo = Remember(settings, store, opened, reports);
            return reports;
        }
        finally
        {
            if (opened.Secrets.State is { } state)
            {
                _secrets = state;
            }
        }
    }

    /// <summary>What a pass leaves for the next trusted one (<see cref="PassMemo"/>); null when a role is pinned or no reconciliation ran.</summary>
    private PassMemo? Remember(LeaderSettings settings, VersionStore store, OpenedPass opened, IReadOnlyList<RoleReport> reports) =>
        opened.Secrets.Reconciled is not { } secrets || reports.Any(r => r.PinnedAt is not null)
            ? null
            : new PassMemo(
                settings.Keys.Prefix, settings.StateDirectory, opened.Ledger.Record, secrets,
                PassMemo.Later(opened.Ledger.GenerationUnread ? store.ReplicaCountAsync() : opened.Replicas), (time ?? TimeProvider.System).GetUtcNow());

    private async Task<IReadOnlyList<RoleReport>> RunRolesAsync(
        LeaderSettings settings, IReadOnlyList<string> stray, IReadOnlyList<string> roles, string reason, bool everyRole, VersionStore store, OpenedPass opened,
        Func<ValueTask<bool>>? inputsSettled, RolePass rolePass, CancellationToken ct)
    {
        var keys = settings.Keys;
        var announcer = new RoleAnnouncer(store, new EventPublisher(redis, keys), opened.Replicas, settings.ReplicaWait, keys.Prefix, _announced, logger);

        var reports = (everyRole ? stray : []).Select(f => TemplateRenderer.NotARole(settings, f)).Select(r => new RoleReport(r.Role, r, null, 0)).ToList();
        foreach (var report in reports)
        {
            LeaderLog.StrayFolder(logger, report.Render.Errors[0].File);
            metrics?.Observe(report);
        }

        for (var i = 0; i < roles.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var role = roles[i];
            RoleReport report;
            try
            {
                report = await rolePass.RunAsync(settings, role, reason, opened.Secrets, store, opened.Ledger, opened.Pins, announcer, inputsSettled, ct);
            }
            catch (StaleReadsException ex)
            {
                throw new StalePassException([.. reports], roles.Skip(i).ToArray(), ex);
            }
            catch (Exception ex) when (!RoleFailure.EndsThePass(ex, ct))
            {
                if (RoleFailure.IsExpected(ex))
                {
                    LeaderLog.RoleFailed(logger, role, ex.Message);
                }
                else
                {
                    LeaderLog.RoleFailedUnexpectedly(logger, ex, role);
                }

                report = RoleFailure.Report(role, ex);
            }

            metrics?.Observe(report);
            reports.Add(report);
        }

        return reports;
    }

    /// <summary>Renders without storing anything: what <c>render --dry-run</c> and <c>describe</c> show.</summary>
    public async Task<IReadOnlyList<(RoleRender Render, SecretResolver Secrets)>> PreviewAsync(
        LeaderSettings settings, IReadOnlyCollection<string>? onlyRoles = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var pass = PassSecrets.ForPreview(redis, settings, environment ?? Environment.GetEnvironmentVariable, logger);
        var result = StrayFolders(settings, onlyRoles).Select(r => (r, SecretResolver.Offline(settings))).ToList();
        foreach (var role in settings.Roles().Where(r => onlyRoles is null || onlyRoles.Contains(r)))
        {
            var secrets = await pass.ResolverAsync(settings, role);
            result.Add((_renderer.Render(settings, role, secrets), secrets));
        }

        return result;
    }

    /// <summary>Folders under <c>data/</c> that are not role names: one failed render each, naming the folder.</summary>
    private static IEnumerable<RoleRender> StrayFolders(LeaderSettings settings, IReadOnlyCollection<string>? onlyRoles) =>
        onlyRoles is null ? settings.StrayFolders().Select(f => TemplateRenderer.NotARole(settings, f)) : [];
}
