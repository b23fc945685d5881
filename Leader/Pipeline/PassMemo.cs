using PryvBus.Leader.State;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// What a pass leaves for the next trusted pass of the same pipeline (an operator's change: <c>SIGHUP</c>, a file edit;
/// not a value change's pass, which reads first), so that it renders without a round trip first: the store record as this pass left it (once its
/// generation was read from Redis, or kept by a store conditioned on it), the secrets its reconciliation left, and the
/// master's replica count (asked again after each trusted pass, for the next; reused only for <see cref="ReplicasFresh"/>).
/// Left only when no role was pinned.
/// </summary>
/// <param name="Prefix">The key prefix the pass stored under.</param>
/// <param name="StateDirectory">The state folder whose record it is.</param>
/// <param name="Record">The record of <paramref name="Prefix"/> as the pass's ledger left it.</param>
/// <param name="Secrets">The reconciliation the pass ran or reused.</param>
/// <param name="Replicas">The replica count; null when it could not be read (the next pass asks again).</param>
/// <param name="AskedAt">When the replica count was asked for.</param>
internal sealed record PassMemo(string Prefix, string StateDirectory, StoreRecord Record, ReconciledSecrets Secrets, Task<int?> Replicas, DateTimeOffset AskedAt)
{
    /// <summary>How long a replica count is reused: a replica that attaches (or leaves) is seen by the pass after.</summary>
    public static readonly TimeSpan ReplicasFresh = TimeSpan.FromSeconds(1);

    /// <summary>The replica count as a task that never fails: null when it could not be read.</summary>
    public static Task<int?> Later(Task<int> replicas) =>
        replicas.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : (int?)null, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
}
