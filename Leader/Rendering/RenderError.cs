namespace PryvBus.Leader.Rendering;

/// <summary>A problem in one template, located as an editor would (<c>data/core/core/conf/core.yml:12:8</c>).</summary>
public sealed record RenderError(string File, int Line, int Column, string Message)
{
    /// <summary>
    /// Set when <see cref="File"/> is a rendered file (<c>core/conf/core.json</c>, as its role stores it) and the line
    /// and column are in the rendered text: the template it was rendered from (<c>data/core/conf/core.json</c>).
    /// </summary>
    public string? Template { get; init; }

    public override string ToString()
    {
        var located = Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
        return Template is null ? located : $"{located} (rendered from {Template})";
    }
}
