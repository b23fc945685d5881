using System.Text.Json;
using PryvBus.Leader.Settings;

namespace PryvBus.Leader.State;

/// <summary>
/// The durable copy of every secret the leader generated, in <c>{stateDirectory}/secrets.enc</c>, sealed with the state
/// key (AES-256-GCM). It is written before Redis is: Redis can lose its data, this file cannot lose a secret that a
/// stored version uses. Every change is a locked read-modify-write (the service and the command line share it).
/// </summary>
public sealed class SecretState
{
    public const string FileName = "secrets.enc";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SealingKey _key;
    private Dictionary<string, Dictionary<string, SecretEntry>> _scopes;
    private IDisposable? _held;
    private byte[] _readDigest = [];

    private SecretState(string folder, StateKey key)
    {
        Folder = folder;
        Key = key;
        _key = key.Secrets;
        _scopes = Read();
    }

    public string Folder { get; }

    public string FilePath => Path.Combine(Folder, FileName);

    public StateKey Key { get; }

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
    /// <exception cref="StateException">The folder, key or file cannot be used; the message says which and why.</exception>
    public static SecretState Open(LeaderSettings settings, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        StateFiles.EnsureFolder(settings.StateDirectory);
        var key = StateKey.Resolve(settings.StateDirectory, environment, mayGenerate: !Exists(settings.StateDirectory));
        return new SecretState(settings.StateDirectory, key);
    }

    /// <summary>
    /// Reads the file again when another process replaced it since this object read it (a restore that ran while this
    /// pass waited for <c>store.lock</c>): what is rendered then uses the secrets the folder holds now.
    /// </summary>
    /// <exception cref="StateException">The file can no longer be read.</exception>
    public void Refresh()
    {
        // Every write seals with a fresh nonce: any replacement changes the bytes, whatever its size or time stamp.
        if (!System.Security.Cryptography.SHA256.HashData(ReadSealed() ?? []).AsSpan().SequenceEqual(_readDigest))
        {
            _scopes = Read();
        }
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
            _scopes = Read();
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
            var changed = change(scopes);
            if (changed)
            {
                var plaintext = JsonSerializer.SerializeToUtf8Bytes(new SecretFileContent { Secrets = scopes }, Json);
                try
                {
                    var sealedBytes = SealedFile.Seal(SealedFile.SecretsKind, _key, plaintext);
                    StateFiles.WriteAtomically(FilePath, sealedBytes);
                    _readDigest = System.Security.Cryptography.SHA256.HashData(sealedBytes);
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

            _scopes = scopes;
            return changed;
        }
    }

    private byte[]? ReadSealed()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        try
        {
            return File.ReadAllBytes(FilePath);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StateException($"{FilePath}: cannot read the secrets ({ex.Message})", ex);
        }
    }

    private Dictionary<string, Dictionary<string, SecretEntry>> Read()
    {
        var sealedBytes = ReadSealed();
        _readDigest = System.Security.Cryptography.SHA256.HashData(sealedBytes ?? []);
        if (sealedBytes is null)
        {
            return new Dictionary<string, Dictionary<string, SecretEntry>>(StringComparer.Ordinal);
        }

        var plaintext = SealedFile.Open(SealedFile.SecretsKind, _key, sealedBytes, FilePath);
        try
        {
            return SecretFileContent.Parse(plaintext, FilePath);
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
