namespace PryvBus.Leader.Rendering;

/// <summary>A problem in one template, located as an editor would (<c>data/core/core/conf/core.yml:12:8</c>).</summary>
public sealed record RenderError(string File, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
