namespace PryvBus.Leader.State;

/// <summary>
/// Both locks of the state folder, taken in the one order every PryvBus process that holds both uses
/// (<c>store.lock</c>, then <c>secrets.lock</c>): while held, no pass stores, no secret is sealed, rotated or reconciled.
/// What <c>backup</c> holds for a consistent snapshot. (A pass's reconciliation holds <c>secrets.lock</c> alone while the
/// pass waits for <c>store.lock</c>; it never waits for <c>store.lock</c> itself: docs/state-and-backup.md.)
/// </summary>
public sealed class StateFolderLocks : IDisposable
{
    public const string SecretsLockFile = "secrets.lock";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly IDisposable? _store;
    private readonly IDisposable? _secrets;

    private StateFolderLocks(IDisposable? store, IDisposable? secrets) => (_store, _secrets) = (store, secrets);

    /// <summary>Holds both, or nothing when the folder does not exist (no leader uses it). Never creates the folder.</summary>
    /// <exception cref="StateException">The folder belongs to another user, or a lock is held past the timeout.</exception>
    public static async Task<StateFolderLocks> HoldAsync(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        if (!Directory.Exists(stateDirectory))
        {
            return new StateFolderLocks(null, null);
        }

        var store = await StateFiles.LockAsync(Path.Combine(stateDirectory, StoreLedger.LockFile), Timeout);
        try
        {
            return new StateFolderLocks(store, await StateFiles.LockAsync(Path.Combine(stateDirectory, SecretsLockFile), Timeout));
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _secrets?.Dispose();
        _store?.Dispose();
    }
}
