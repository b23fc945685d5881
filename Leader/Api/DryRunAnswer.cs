namespace PryvBus.Leader.Api;

/// <summary>A dry run of <c>PUT /admin/platform/{name}</c>: the change and what each role would get.</summary>
internal sealed record DryRunAnswer(bool DryRun, string Etag, string? Change, IEnumerable<PreviewAnswer> Roles);
