using Microsoft.Extensions.Logging;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Logging;
using PryvBus.Follower.Settings;

namespace PryvBus.Follower.Applying;

/// <summary>
/// Brings the config root to a verified version: plan (diff + path checks), clean leftovers of a killed apply,
/// journal (unless the apply replaces one file it owns), write changed files atomically (on a new root: all written,
/// fsynced, renamed, then each folder fsynced once), delete the files of the old version, commit the manifest.
/// Re-running an interrupted apply completes it: files already new are not written again. Leftover temporary files are
/// looked for everywhere (the state folder included) on the first apply of a process and after an apply that failed (the
/// only ways to leave one); otherwise nowhere.
/// </summary>
public sealed class ConfigApplier : IDisposable
{
    private readonly FollowerSettings _settings;
    private readonly ILogger<ConfigApplier> _logger;
    private readonly TimeProvider _time;
    private readonly AtomicFileWriter _writer;
    private readonly PinnedChanges _folders;
    private readonly ManifestStore _store;
    private readonly ContentHashes _hashes = new();
    private readonly RootWatch _watch;
    private readonly ReplacedFiles _replaced = new();
    private readonly DeferredDispose _watchInUse;
    private bool _swept;
    private bool _warnedNoProc;

    /// <summary>The last committed plan, for the next to start from (<see cref="QuickPlanner"/>); null: plan every file.</summary>
    private PlanMemory? _memory;

    /// <summary>The state folder's files the sync loop writes: the manifest, the journal, the revert store's.</summary>
    private static readonly IReadOnlySet<string> OwnStateFiles =
        new HashSet<string>([ManifestStore.ManifestFile, ManifestStore.DeltaFile, ManifestStore.PendingFile, .. RevertStore.FileNames], StringComparer.Ordinal);

    public ConfigApplier(FollowerSettings settings, ILogger<ConfigApplier> logger, TimeProvider? time = null)
        : this(settings, logger, time, maxWatches: null)
    {
    }

    /// <param name="maxWatches">The root watch's budget (<see cref="RootWatch"/>); null: its default.</param>
    /// <param name="trust">How long the root watch trusts a check; null: its default.</param>
    internal ConfigApplier(FollowerSettings settings, ILogger<ConfigApplier> logger, TimeProvider? time, int? maxWatches, TimeSpan? trust = null)
    {
        _watch = new RootWatch(maxWatches, trust);
        _watchInUse = new DeferredDispose(_watch);
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _writer = new AtomicFileWriter(settings.Files, _replaced);
        _folders = new PinnedChanges(settings.Files);
        _store = new ManifestStore(settings.ConfigRoot, _writer, logger);
    }

    /// <summary>How many files the last plan looked at on disk (the root's watch vouched for the others).</summary>
    internal int LastLookups { get; private set; }

    /// <summary>How many folders below the root the last plan looked at on disk (the root's watch vouched for the others).</summary>
    internal int LastFolderLookups { get; private set; }

    /// <summary>How many files the last plan decided (a plan from the last one: those that changed or the watch no longer vouched for).</summary>
    internal int LastDecided { get; private set; }

    /// <summary>Whether a plan may start from the last committed one (<see cref="QuickPlanner"/>); off only to compare the two in tests.</summary>
    internal bool QuickPlans { get; init; } = true;

    /// <summary>How many times the manifest store read a state file's bytes (<see cref="ManifestStore.ByteReads"/>).</summary>
    internal int StateReads => _store.ByteReads;

    /// <summary>How many inotify watches the root watch holds.</summary>
    internal int Watches => _watch.Count;

    /// <summary>
    /// Closes the root's watch and lets go of the held files. The host disposes while a stuck sync may still be in an
    /// apply: that apply keeps the watch it plans with (its inotify descriptor is not closed under it, nor its number
    /// reused by another file meanwhile) and closes it when it ends; an apply after this one watches nothing.
    /// </summary>
    public void Dispose()
    {
        _replaced.Dispose();
        _watchInUse.Dispose();
    }

    /// <summary>
    /// Lets go of the files the applies since the last call replaced or deleted (<see cref="ReplacedFiles"/>): the sync
    /// loop calls it once a sync is over (reported or failed), so that freeing their inodes is not part of the apply.
    /// </summary>
    public void ReleaseReplaced() => _replaced.Release();

    /// <summary>The version the root was last brought to; null before the first apply.</summary>
    public Manifest? ReadApplied() => _store.ReadApplied();

    /// <summary>After <see cref="ReadApplied"/> gave nothing because the state was damaged: the newest version it still says was applied.</summary>
    public (string Role, long Generation, long Serial)? DamagedFloor => _store.Floor;

    /// <param name="version">The verified version to write.</param>
    /// <param name="beforeCommit">
    /// Called with the changed paths once every file is in place and before the manifest commits the apply: the
    /// container step records what it owes there, so a crash right after the commit cannot forget a restart.
    /// </param>
    /// <param name="start">What <see cref="Prepare"/> read in the same sync; null: read now.</param>
    /// <param name="writing">
    /// Called once before the first change when the apply changes several files, so that a long apply shows (the caller
    /// reports <c>applying</c>); always before <paramref name="beforeCommit"/> and the manifest's commit. Never for a
    /// version refused, one with nothing to change, or one that changes a single file: that apply is short (one durable
    /// write), and the report that follows it is the only one worth its round trip (docs/performance.md, "Fewer system
    /// calls and hand-offs per change").
    /// </param>
    public ApplyResult Apply(
        VerifiedVersion version, Action<IReadOnlyList<string>>? beforeCommit = null, ApplyStart? start = null, Action? writing = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        _watchInUse.Enter();
        try
        {
            return ApplyWatched(version, beforeCommit, start, writing);
        }
        finally
        {
            _watchInUse.Exit();
        }
    }

    private ApplyResult ApplyWatched(VerifiedVersion version, Action<IReadOnlyList<string>>? beforeCommit, ApplyStart? start, Action? writing)
    {
        var root = _settings.ConfigRoot;
        // A prepared start counts only while the root still resolves where it did (a root configured as a link may have
        // been switched since): the real path is resolved again, the manifests are not read again.
        var (realRoot, applied, pending) = start is not null && Posix.RealPath(root) == start.RealRoot
            ? (start.RealRoot, start.Applied, start.Pending)
            : Start();
        _replaced.Enabled = PryvBus.Shared.Native.LocalFileSystems.Holds(realRoot);
        var last = _memory;
        _memory = null; // until this apply commits
        var plan = ApplyPlanner.Plan(
            root, realRoot, version, applied, pending, _settings.Files, _time.GetUtcNow(), everyFolder: !_swept, _hashes, _watch, QuickPlans ? last : null);
        LastLookups = plan.Lookups;
        LastFolderLookups = plan.FolderLookups;
        LastDecided = plan.Decided;
        using var pinned = new PinnedFolders(root, realRoot);
        if (!PinnedFolders.ByDescriptor && !_warnedNoProc)
        {
            _warnedNoProc = true;
            FollowerLog.NoPinnedFolders(_logger, root);
        }

        try
        {
            RemoveTempFiles(plan.Directories, pinned);
            if (!_swept)
            {
                // The state folder's own leftovers: only a killed process or a failed write of this one leaves any.
                RemoveTempFiles([_store.Directory], null, OwnStateFiles);
            }

            _swept = true;
            return Apply(root, version, applied, pending, plan, beforeCommit, writing, pinned);
        }
        catch
        {
            // A failed apply may leave a temporary file anywhere it wrote: the next one looks everywhere again.
            _swept = false;
            throw;
        }
    }

    /// <summary>
    /// Reads what an apply starts from (the root's real path, the manifests), for an apply of the same sync to use: done
    /// before the version's answer is awaited, the manifests cost the apply nothing (the real path is resolved again
    /// there). Null when the root does not exist yet or a read fails: the apply then reads again and reports the failure itself.
    /// </summary>
    public ApplyStart? Prepare()
    {
        try
        {
            // Nothing created here (a sync may end without applying): a root that does not exist yet is left to the apply.
            return Posix.RealPath(_settings.ConfigRoot) is { } realRoot ? new ApplyStart(realRoot, _store.ReadApplied(), _store.ReadPending()) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private (string RealRoot, Manifest? Applied, Manifest? Pending) Start()
    {
        var root = _settings.ConfigRoot;
        Directory.CreateDirectory(root, _settings.Files.DirectoryMode);
        var realRoot = Posix.RealPath(root) ?? throw new IOException($"Cannot resolve the config root {root}");
        return (realRoot, _store.ReadApplied(), _store.ReadPending());
    }

    private ApplyResult Apply(
        string root, VerifiedVersion version, Manifest? applied, Manifest? pending, ApplyPlan plan, Action<IReadOnlyList<string>>? beforeCommit,
        Action? writing, PinnedFolders pinned)
    {
        var upToDate = applied is not null && applied.Serial == version.Serial && applied.Generation == version.Generation && applied.Sha256 == version.Sha256;
        if (!plan.TouchesDisk && upToDate && pending is null)
        {
            if (plan.StampsLearnt && RecordStamps(applied!, plan))
            {
                Remember(plan);
            }

            return new ApplyResult(version.Serial, [], [], []);
        }

        var changes = plan.Writes.Count + plan.ModeChanges.Count + plan.Deletes.Count;
        if (changes > 1)
        {
            writing?.Invoke();
        }

        if (NeedsJournal(plan, applied, pending))
        {
            _store.WritePending(Journal(plan));
        }

        if (applied is null && plan.Writes.Count > 1)
        {
            // A new root, under the journal (always written then): the folders are fsynced once, at the end. An update
            // keeps writing file by file (the order FollowerCrash* tests pin, system call by system call).
            var folders = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in plan.Writes)
            {
                _folders.Ensure(root, Path.GetDirectoryName(file.FullPath)!, pinned, folders);
            }

            _writer.WriteAll(plan.Writes, folders, pinned);
        }
        else
        {
            foreach (var file in plan.Writes)
            {
                _folders.Ensure(root, Path.GetDirectoryName(file.FullPath)!, pinned, null);
                _writer.Write(file.FullPath, file.Content, file.Mode, pinned: pinned);
            }
        }

        foreach (var file in plan.ModeChanges)
        {
            if (!_folders.SetMode(file.FullPath, file.Mode, pinned))
            {
                // A second name of another file: replaced by a file of its own, the other file left as it is.
                _writer.Write(file.FullPath, file.Content, file.Mode, pinned: pinned);
            }
        }

        foreach (var file in plan.Deletes)
        {
            _writer.Delete(file.FullPath, pinned);
            pinned.Fsync(Path.GetDirectoryName(file.FullPath)!);
        }

        beforeCommit?.Invoke(plan.ChangedPaths);
        _store.Commit(plan.Target, plan.Basis, plan.Touched);
        Remember(plan);
        return new ApplyResult(
            version.Serial,
            plan.Writes.Select(w => w.Path).ToArray(),
            plan.Deletes.Select(d => d.Path).ToArray(),
            plan.ChangedPaths);
    }

    /// <summary>
    /// The first sync after a start read files the manifest had no trusted stamp for (written within the racy window of
    /// the last commit) and found them as the version has them: their stamps are committed, so the next start trusts
    /// them instead of reading every file again. Only a convenience: a failure to write is logged, the root stays as it
    /// is, the next start reads the files again.
    /// </summary>
    private bool RecordStamps(Manifest applied, ApplyPlan plan)
    {
        plan.Target.Applied = applied.Applied; // the same apply, better described
        try
        {
            _store.Commit(plan.Target, plan.Basis, plan.Touched);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _swept = false; // a temporary file of the manifest may be left: the next apply looks
            FollowerLog.StampsNotRecorded(_logger, _store.Directory, ex.Message);
            return false;
        }
    }

    /// <summary>The plan is committed: the next one may start from it.</summary>
    private void Remember(ApplyPlan plan)
    {
        if (plan.Memory is { } memory)
        {
            memory.Target = plan.Target;
            _memory = memory;
        }
    }

    /// <summary>
    /// An apply that replaces one file the applied manifest already lists, and does nothing else, needs no journal: the
    /// follower owns that file already, its folder is swept for a temporary file after a restart, the rename is atomic,
    /// and until the commit the manifest names the old version, so a restarted follower compares the disk with it and
    /// finishes the apply (the file found new is not written again, its restart still owed). A journal left by an
    /// interrupted apply is always rewritten.
    /// </summary>
    private static bool NeedsJournal(ApplyPlan plan, Manifest? applied, Manifest? pending) =>
        pending is not null || applied is null || plan.Writes.Count != 1 || plan.ModeChanges.Count > 0 || plan.Deletes.Count > 0
        || !applied.Files.ContainsKey(plan.Writes[0].Path);

    /// <summary>
    /// The journal names the version and the files this apply writes: with the applied manifest, every file the follower
    /// may have created (what a later apply may delete, and where a temporary file may be left).
    /// </summary>
    private static Manifest Journal(ApplyPlan plan) => new()
    {
        Role = plan.Target.Role,
        Serial = plan.Target.Serial,
        Generation = plan.Target.Generation,
        Sha256 = plan.Target.Sha256,
        Applied = plan.Target.Applied,
        Files = plan.Writes.ToDictionary(w => w.Path, w => plan.Target.Files[w.Path], StringComparer.Ordinal),
    };

    /// <summary>
    /// Temporary files of an apply that was killed: never complete, never used. In the state folder, only those of the
    /// files the sync loop writes (<paramref name="targets"/>): the restart queue and the reload actions are written there
    /// by other loops at any moment (and clean their own leftovers when they start).
    /// </summary>
    private void RemoveTempFiles(IEnumerable<string> directories, PinnedFolders? pinned, IReadOnlySet<string>? targets = null)
    {
        foreach (var directory in directories.Distinct(StringComparer.Ordinal))
        {
            // A folder of the root is listed, and its leftovers deleted, through its pinned name (no link on the way).
            var folder = pinned is null ? directory : pinned.TryFolder(directory);
            if (folder is null || !Directory.Exists(folder))
            {
                continue;
            }

            foreach (var path in Directory.EnumerateFiles(folder))
            {
                var name = Path.GetFileName(path);
                if (AtomicFileWriter.IsTempFile(name) && (targets is null || targets.Contains(AtomicFileWriter.TargetOf(name))))
                {
                    File.Delete(path);
                    FollowerLog.TempFileRemoved(_logger, Path.Combine(directory, name));
                }
            }
        }
    }
}
