using PryvBus.Leader.Values;

namespace PryvBus.Leader.Api;

/// <summary>One role of a dry run of <c>PUT /admin/platform/{name}</c>.</summary>
internal sealed record PreviewAnswer(string Role, bool Failed, IReadOnlyList<string> Errors, long? Current, IReadOnlyList<string> Changed, string Diff)
{
    public static PreviewAnswer Of(RolePreview preview) =>
        new(preview.Role, preview.Failed, preview.Errors, preview.CurrentSerial, preview.Changed, preview.Diff);
}
