namespace PryvBus.Leader.Api;

/// <summary>What <c>/admin/unpin</c> did.</summary>
internal sealed record UnpinAnswer(string Role, bool WasPinned);
