namespace PryvBus.Leader.Api;

/// <summary>A rollout after <c>/admin/rollout/{role}/{action}</c> (<c>Wave</c> counts from 1).</summary>
internal sealed record RolloutAnswer(string Role, string Action, string Phase, long Serial, int Wave);
