using PryvBus.Leader.State;

namespace PryvBus.Leader.Pipeline;

/// <summary>A pass's inputs once opened (<see cref="PassOpening"/>): its secrets, its ledger (holding <c>store.lock</c>), its pins, the replica count.</summary>
internal sealed record OpenedPass(PassSecrets Secrets, StoreLedger Ledger, PinReads Pins, Task<int> Replicas);
