using PryvBus.Leader.Rendering;

namespace PryvBus.Leader.Commands;

/// <summary>One role's pass in <c>set --json</c>.</summary>
internal sealed record SetRoleOutput(string Role, bool Failed, bool Stored, long? Serial, long? PinnedAt, IReadOnlyList<RenderError> Errors);
