namespace PryvBus.Leader.Commands;

/// <summary><c>rollout pause|resume|promote --json</c>.</summary>
internal sealed record RolloutActionOutput(string Role, string Action, string Phase, long Serial, int Wave);
