using PryvBus.Leader.Pipeline;

namespace PryvBus.Leader.Api;

/// <summary>One role of a render pass as <c>/admin/render</c> and <c>PUT /admin/platform/{name}</c> answer it.</summary>
internal sealed record RoleAnswer(string Role, string Result, long? Serial, IEnumerable<string> Errors)
{
    public static RoleAnswer Of(RoleReport report) => new(
        report.Role,
        report.Failed ? "failed" : report.PinnedAt is not null ? "pinned" : report.Stored ? "stored" : "unchanged",
        report.Store?.Serial ?? report.PinnedAt,
        report.Render.Errors.Select(e => e.ToString()));
}
