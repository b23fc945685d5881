using PryvBus.Leader.Versions;

namespace PryvBus.Leader.Rendering;

/// <summary>The outcome of rendering one role: a version, or every error found; and the files using each value and secret (each file once).</summary>
public sealed record RoleRender(
    string Role,
    RenderedVersion? Version,
    IReadOnlyList<RenderError> Errors,
    IReadOnlyDictionary<string, IReadOnlyCollection<string>> ValuesUsed,
    IReadOnlyDictionary<string, IReadOnlyCollection<string>> SecretsUsed)
{
    public bool Succeeded => Version is not null && Errors.Count == 0;
}
