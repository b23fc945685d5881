namespace PryvBus.Leader.Api;

/// <summary>What <c>/admin/rollback</c> stored: serial <c>From</c>'s content as <c>Serial</c>, pinned.</summary>
internal sealed record RollbackAnswer(string Role, long From, long Serial, bool Pinned);
