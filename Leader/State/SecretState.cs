using System.Text.Json;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.State;

/// <summary>
/// The durable copy of every secret the leader generated, in <c>{stateDirectory}/secrets.enc</c>, sealed with the state
/// key (AES-256-GCM). It is written before Redis is: Redis can lose its data, this file cannot lose a secret that a
/// stored version uses. Every change is a locked read-modify-write (the service and the command line share it). The
/// secrets read are kept while the file's stamp (<see cref="StateFileStamp"/>: inode, size, modification and change
/// times) is the one they were read at: the leader opens the file once, not at every pass, and reads it again whenever
/// anything (another leader, the command line, a restore, an edit) wrote it.
/// </summary>
public sealed class SecretState
{
    public const string FileName = "secrets.enc";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);

    private readonly SealingKey _key;
    private readonly TimeProvider _time;
    private Dictionary<string, Dictionary<string, SecretEntry>> _scopes;
    private IDisposable? _held;
    private byte[] _readDigest = [];

    /// <summary>The file's stamp when <see cref="_scopes"/> was read from it, once settled; null: not known to be that file.</summary>
    private StateFileStamp? _readStamp;

    private SecretState(string folder, StateKey key, TimeProvider? time)
    {
        Folder = folder;
        Key = key;
        _key = key.Secrets;
        _time = time ?? TimeProvider.System;
        _scopes = Read();
    }

    public string Folder { get; }

    public string FilePath => Path.Combine(Folder, FileName);

    public StateKey Key { get; }

    /// <summary>Moves whenever the secrets held are replaced (the file read again after another process wrote it, or a write).</summary>
    public long Revision { get; private set; }

    /// <summary>Temporary files of <c>secrets.enc</c> left by a killed process, deleted by the last <see cref="HoldAsync"/>.</summary>
    public IReadOnlyList<string> RemovedTemps { get; private set; } = [];

    private string LockPath => Path.Combine(Folder, StateFolderLocks.SecretsLockFile);

    /// <summary>Every secret: scope, name, current value.</summary>
    public IEnumerable<(string Scope, string Name, string Value)> All =>
        _scopes.SelectMany(s => s.Value.Select(e => (s.Key, e.Key, e.Value.Value)));

    /// <summary>Every secret with its rotated-out values (for backups).</summary>
    public IEnumerable<(string Scope, string Name, SecretEntry Entry)> Entries =>
        _scopes.SelectMany(s => s.Value.Select(e => (s.Key, e.Key, e.Value)));

    /// <summary>Every value known, current or rotated out, with its name: what output must mask.</summary>
    public IEnumerable<(string Name, string Value)> Masked =>
        _scopes.Values.SelectMany(s => s.SelectMany(e => e.Value.Retired.Prepend(e.Value.Value).Select(v => (e.Key, v))));

    /// <summary>True when the folder holds sealed secrets (opening it then needs the key they were sealed with).</summary>
    public static bool Exists(string stateDirectory) => File.Exists(Path.Combine(stateDirectory, FileName));

    /// <summary>Opens (creating the folder, and the default key file while nothing is sealed) and reads the secrets.</summary>
    /// <param name="settings">The leader's settings (the state folder).</param>
    /// <param name="environment">Reads environment variables (the key).</param>
    /// <param name="previous">
    /// The state a previous pass opened: returned, its secrets read again only when the file changed, when it is the same
    /// folder opened with the same key (a key changed meanwhile opens the file anew).
    /// </param>
    /// <param name="time">The clock the file's change time is compared with (<see cref="StateFileStamp.IsSettled"/>).</param>
    /// <exception cref="StateException">The folder, key or file cannot be used; the message says which and why.</exception>
    public static SecretState Open(LeaderSettings settings, Func<string, string?> environment, SecretState? previous = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        StateFiles.EnsureFolder(settings.StateDirectory);
        var key = StateKey.Resolve(settings.StateDirectory, environment, mayGenerate: !Exists(settings.StateDirectory));
        if (previous is not null && previous.Folder == settings.StateDirectory && previous.Key.Matches(key))
        {
            previous.Refresh();
            return previous;
        }

        return new SecretState(settings.StateDirectory, key, time);
    }

    /// <summary>
    /// Reads the file again when another process replaced or wrote it since this object read it (a restore that ran while
    /// this pass waited for <c>store.lock</c>): what is rendered then uses the secrets the folder holds now.
    /// </summary>
    /// <exception cref="StateException">The file can no longer be read.</exception>
    public void Refresh()
    {
        if (_readStamp is { } known && StateFileStamp.Of(FilePath) == known)
        {
            return;
        }

        // Every write seals with a fresh nonce: any replacement changes the bytes, whatever its size or time stamp.
        var (sealedBytes, stamp) = ReadSealed();
        if (System.Security.Cryptography.SHA256.HashData(sealedBytes ?? []).AsSpan().SequenceEqual(_readDigest))
        {
            _readStamp = Settled(stamp);
            return;
        }

        _scopes = Parse(sealedBytes, stamp);
        Revision++;
    }

    public string? Get(string scope, string name) =>
        _scopes.TryGetValue(scope, out var secrets) && secrets.TryGetValue(name, out var entry) ? entry.Value : null;

    /// <summary>
    /// Holds <c>secrets.lock</c> until the result is disposed and reads the file again: nothing else changes the secrets
    /// meanwhile (a reconciliation with Redis, a restore). This object's own changes go on under the held lock.
    /// </summary>
    public async Task<IDisposable> HoldAsync()
    {
        var held = await StateFiles.LockAsync(LockPath, LockTimeout);
        try
        {
            RemovedTemps = StateFiles.RemoveStaleTemps(Folder, FileName);
            Refresh();
        }
        catch
        {
            held.Dispose();
            throw;
        }

        _held = held;
        return new Release(this, held);
    }

    /// <summary>
    /// Adds new secrets, durably. False (nothing written) when one of them meanwhile got a value from another process:
    /// the caller renders again with that one.
    /// </summary>
    public Task<bool> AddAsync(IReadOnlyCollection<(string Scope, string Name, string Value)> secrets) =>
        ChangeAsync(scopes => secrets.All(s => SecretEntries.Find(scopes, s.Scope, s.Name) is null) && SecretEntries.Apply(scopes, secrets, replace: false));

    /// <summary>Adds the secrets it does not know yet (Redis had them: an upgrade); returns how many.</summary>
    public async Task<int> ImportAsync(IReadOnlyCollection<(string Scope, string Name, string Value)> secrets)
    {
        var added = secrets.Where(s => SecretEntries.Find(_scopes, s.Scope, s.Name) is null).ToArray();
        await ChangeAsync(scopes => SecretEntries.Apply(scopes, secrets.Where(s => SecretEntries.Find(scopes, s.Scope, s.Name) is null).ToArray(), replace: false));
        return added.Length;
    }

    /// <summary>Sets values (a rotation or a restore), keeping the replaced ones as retired.</summary>
    public Task SetAsync(IReadOnlyCollection<(string Scope, string Name, string Value)> secrets) =>
        ChangeAsync(scopes => SecretEntries.Apply(scopes, secrets, replace: true));

    /// <summary>Takes a backup's secrets: its values win; replaced values and its rotated-out ones are kept as retired.</summary>
    public Task RestoreAsync(IReadOnlyDictionary<string, Dictionary<string, SecretEntry>> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return ChangeAsync(scopes =>
        {
            SecretEntries.Apply(scopes, secrets.SelectMany(s => s.Value.Select(e => (s.Key, e.Key, e.Value.Value))), replace: true);
            foreach (var (scope, entries) in secrets)
            {
                foreach (var (name, entry) in entries)
                {
                    var kept = scopes[scope][name];
                    kept.Retired = [.. kept.Retired.Concat(entry.Retired).Where(v => v != kept.Value).Distinct(StringComparer.Ordinal).Take(SecretEntries.RetiredKept)];
                }
            }

            return true;
        });
    }

    private async Task<bool> ChangeAsync(Func<Dictionary<string, Dictionary<string, SecretEntry>>, bool> change)
    {
        using (_held is null ? await StateFiles.LockAsync(LockPath, LockTimeout) : null)
        {
            StateFiles.RemoveStaleTemps(Folder, FileName);

            // Another process may have written since this one read: change what is on disk now.
            var scopes = Read();
            var changed = false;
            try
            {
                changed = Write(scopes, change);
            }
            catch
            {
                // What this object holds is no longer what the file was read as: read it again next time.
                (_readStamp, _readDigest) = (null, []);
                throw;
            }

            _scopes = scopes;
            Revision++;
            return changed;
        }
    }

    /// <summary>Applies the change to what was just read and seals the result; false when it changed nothing.</summary>
    private bool Write(Dictionary<string, Dictionary<string, SecretEntry>> scopes, Func<Dictionary<string, Dictionary<string, SecretEntry>>, bool> change)
    {
        var changed = change(scopes);
        if (changed)
        {
            var plaintext = JsonSerializer.SerializeToUtf8Bytes(new SecretFileContent { Secrets = scopes }, StateWebJsonContext.Default.SecretFileContent);
            try
            {
                var sealedBytes = SealedFile.Seal(SealedFile.SecretsKind, _key, plaintext);
                StateFiles.WriteAtomically(FilePath, sealedBytes);
                _readDigest = System.Security.Cryptography.SHA256.HashData(sealedBytes);

                // Just written, so not settled: the next refresh reads it (and finds these bytes).
                _readStamp = null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new StateException($"{FilePath}: cannot write the secrets ({ex.Message})", ex);
            }
            finally
            {
                Array.Clear(plaintext);
            }
        }

        return changed;
    }

    /// <summary>The sealed bytes and the stamp of the file they were read from (taken before reading); nulls when there is none.</summary>
    private (byte[]? Bytes, StateFileStamp? Stamp) ReadSealed()
    {
        if (!File.Exists(FilePath))
        {
            return (null, null);
        }

        try
        {
            using var handle = File.OpenHandle(FilePath);
            var stamp = StateFileStamp.Of(handle);
            var length = RandomAccess.GetLength(handle);
            if (length > int.MaxValue)
            {
                throw new IOException("larger than 2 GiB");
            }

            var bytes = new byte[length];
            var read = 0;
            while (read < bytes.Length && RandomAccess.Read(handle, bytes.AsSpan(read), read) is var count and > 0)
            {
                read += count;
            }

            return (read == bytes.Length ? bytes : bytes[..read], stamp);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateException($"{FilePath}: cannot read the secrets ({ex.Message})", ex);
        }
    }

    /// <summary>Reads and opens the file: the secrets it holds now, as new objects (a change may modify them).</summary>
    private Dictionary<string, Dictionary<string, SecretEntry>> Read()
    {
        var (sealedBytes, stamp) = ReadSealed();
        return Parse(sealedBytes, stamp);
    }

    private StateFileStamp? Settled(StateFileStamp? stamp) => stamp is { } read && read.IsSettled(_time.GetUtcNow()) ? read : null;

    private Dictionary<string, Dictionary<string, SecretEntry>> Parse(byte[]? sealedBytes, StateFileStamp? stamp)
    {
        // Unknown until the file opens: a file that does not open is read (and refused) again next time.
        _readStamp = null;
        _readDigest = [];
        if (sealedBytes is null)
        {
            _readDigest = System.Security.Cryptography.SHA256.HashData([]);
            return new Dictionary<string, Dictionary<string, SecretEntry>>(StringComparer.Ordinal);
        }

        var plaintext = SealedFile.Open(SealedFile.SecretsKind, _key, sealedBytes, FilePath);
        try
        {
            var scopes = SecretFileContent.Parse(plaintext, FilePath);
            _readDigest = System.Security.Cryptography.SHA256.HashData(sealedBytes);
            _readStamp = Settled(stamp);
            return scopes;
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    private void Released(IDisposable held)
    {
        if (ReferenceEquals(_held, held))
        {
            _held = null;
        }

        held.Dispose();
    }

    private sealed class Release(SecretState state, IDisposable held) : IDisposable
    {
        public void Dispose() => state.Released(held);
    }
}
