namespace PryvBus.Leader.Api;

/// <summary>A change made by <c>PUT /admin/platform/{name}</c> and the render pass it ran.</summary>
internal sealed record ChangeAnswer(bool DryRun, string Etag, string? Change, string? RenderProblem, IEnumerable<RoleAnswer> Roles);
