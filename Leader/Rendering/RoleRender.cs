using PryvBus.Leader.Versions;

namespace PryvBus.Leader.Rendering;

/// <summary>The outcome of rendering one role: a version, or every error found.</summary>
public sealed record RoleRender(
    string Role,
    RenderedVersion? Version,
    IReadOnlyList<RenderError> Errors,
    IReadOnlyDictionary<string, IReadOnlySet<string>> ValuesUsed,
    IReadOnlyDictionary<string, IReadOnlySet<string>> SecretsUsed)
{
    public bool Succeeded => Version is not null && Errors.Count == 0;
}
