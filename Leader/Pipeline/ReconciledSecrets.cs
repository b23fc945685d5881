using PryvBus.Leader.State;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// What one pass's reconciliation left: the state folder it opened, at which <see cref="SecretState.Revision"/>, and
/// Redis's secret hashes per scope once reconciled. A trusted pass that follows reuses it instead of reconciling again
/// (<see cref="PassMemo"/>) while the state folder is still at that revision.
/// </summary>
public sealed record ReconciledSecrets(SecretState State, long Revision, IReadOnlyDictionary<string, Dictionary<string, string>> Hashes)
{
    /// <summary>True when the state folder, read again if its file changed, is still at <see cref="Revision"/>.</summary>
    public bool StillCurrent()
    {
        try
        {
            State.Refresh();
            return State.Revision == Revision;
        }
        catch (StateException)
        {
            return false;
        }
    }
}
