using PryvBus.Leader.Rendering;

namespace PryvBus.Leader.Commands;

/// <summary>One role in <c>render --json</c>.</summary>
internal sealed record RenderRoleOutput(string Role, bool Failed, bool Stored, long? Serial, long? PinnedAt, long Receivers, IReadOnlyList<RenderError> Errors);
