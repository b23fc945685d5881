namespace PryvBus.Leader.Watching;

/// <summary>
/// One render pass to run: why (logged, recorded in each stored version's meta) and whether it may keep an unchanged
/// role without reading Redis (only when every request it stands for came from an operator's change).
/// </summary>
public readonly record struct RenderRequest(string Reason, bool TrustStored);
