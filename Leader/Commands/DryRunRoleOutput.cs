using PryvBus.Leader.Rendering;

namespace PryvBus.Leader.Commands;

/// <summary>One role in <c>render --dry-run --json</c>: paths and counts only.</summary>
internal sealed record DryRunRoleOutput(string Role, bool Failed, IReadOnlyList<RenderError> Errors, long? Current, int Changed, IReadOnlyList<string> Files);
