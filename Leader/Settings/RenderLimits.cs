using static System.FormattableString;

namespace PryvBus.Leader.Settings;

/// <summary>
/// The <c>render</c> section: how long one template file's render may take and how many bytes it may allocate (counted
/// on the rendering thread, garbage included). A file past either limit fails its role with an error naming the file and
/// the limit; the other roles go on. Loops, recursion and output have their own fixed limits (<c>TemplateRenderer</c>).
/// </summary>
/// <param name="Timeout">The longest one file's render may take.</param>
/// <param name="AllocationBytes">The most one file's render may allocate.</param>
public sealed record RenderLimits(TimeSpan Timeout, long AllocationBytes)
{
    public const int DefaultTimeoutSeconds = 10;

    public const int DefaultAllocationMiB = 1024;

    /// <summary>Far above what real templates take: a shipped sample role renders in milliseconds and allocates under 2 MiB.</summary>
    public static RenderLimits Default { get; } = new(TimeSpan.FromSeconds(DefaultTimeoutSeconds), DefaultAllocationMiB * 1024L * 1024);

    /// <summary>The error of a file whose render took longer than <see cref="Timeout"/>.</summary>
    public string TimeoutProblem => Invariant($"the render took longer than {Timeout.TotalSeconds:0} s, the limit of one file's render (render.timeoutSeconds)");

    /// <summary>The error of a file whose render allocated more than <see cref="AllocationBytes"/>.</summary>
    public string AllocationProblem =>
        Invariant($"the render allocated more than {AllocationBytes / (1024 * 1024)} MiB, the limit of one file's render (render.allocationMiB)");
}
