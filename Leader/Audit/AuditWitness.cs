using System.Text;
using PryvBus.Leader.State;

namespace PryvBus.Leader.Audit;

/// <summary>
/// The highest position (<c>{seq} {hash}</c>) this leader's machine appended to the audit stream, kept in the state
/// folder (<see cref="FileName"/>, mode 0600, written atomically under <see cref="LockFile"/>). The chain proves that no
/// entry was edited, inserted or reordered; the witness proves that none was cut from the end: someone able to write to
/// Redis could remove the last entries and set the head key back, and the chain alone would still verify.
/// </summary>
public static class AuditWitness
{
    public const string FileName = "audit-witness";
    public const string LockFile = "audit-witness.lock";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Raises the witness to (<paramref name="seq"/>, <paramref name="hash"/>) unless it is already at or past it.</summary>
    public static async Task RaiseAsync(string stateDirectory, long seq, string hash)
    {
        StateFiles.EnsureFolder(stateDirectory);
        using (await StateFiles.LockAsync(Path.Combine(stateDirectory, LockFile), LockTimeout))
        {
            if (Read(stateDirectory) is { } known && known.Seq >= seq)
            {
                return;
            }

            StateFiles.WriteAtomically(Path.Combine(stateDirectory, FileName), Encoding.ASCII.GetBytes(AuditChain.Position(seq, hash) + "\n"));
        }
    }

    /// <summary>
    /// After a restore put back a stream that ends before the witness (the entries since the backup were lost with
    /// Redis): lowers the witness to the restored head and says which entries were lost; null when none were.
    /// </summary>
    public static async Task<string?> LowerAfterRestoreAsync(string stateDirectory, (long Seq, string Hash) restoredHead)
    {
        StateFiles.EnsureFolder(stateDirectory);
        using (await StateFiles.LockAsync(Path.Combine(stateDirectory, LockFile), LockTimeout))
        {
            if (Read(stateDirectory) is not { } known || known.Seq <= restoredHead.Seq)
            {
                return null;
            }

            StateFiles.WriteAtomically(Path.Combine(stateDirectory, FileName), Encoding.ASCII.GetBytes(AuditChain.Position(restoredHead.Seq, restoredHead.Hash) + "\n"));
            return $"audit entries {restoredHead.Seq + 1} to {known.Seq} were not in the backup: lost with Redis";
        }
    }

    /// <summary>The witness; null when none was written yet.</summary>
    /// <exception cref="StateException">The file exists but does not hold a position.</exception>
    public static (long Seq, string Hash)? Read(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var text = File.ReadAllText(path).Trim();
        return AuditChain.ParsePosition(text) ?? throw new StateException($"{path} does not hold an audit position ('{{seq}} {{hash}}')");
    }
}
