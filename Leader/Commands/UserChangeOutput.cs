namespace PryvBus.Leader.Commands;

/// <summary><c>users add|role|passwd|disable|enable|remove --json</c>.</summary>
internal sealed record UserChangeOutput(string Name, string Action, string? Role);
