namespace PryvBus.Leader.Commands;

/// <summary><c>set --json</c>: the change, its previews (dry run) or what each role did.</summary>
internal sealed record SetOutput(bool DryRun, string? Change, string Etag, string? RenderProblem, IEnumerable<SetPreviewOutput> Previews, IEnumerable<SetRoleOutput> Roles);
