using PryvBus.Leader.Pipeline;

namespace PryvBus.Leader.Values;

/// <summary>What a <see cref="ValueService.SetAsync"/> did. Nothing in it holds a sensitive value.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="ETag">The file's ETag now (the new one after a change).</param>
/// <param name="Message">One line for people.</param>
public sealed record ValueOutcome(ValueOutcomeKind Kind, string ETag, string Message)
{
    /// <summary>Every problem found (<see cref="ValueOutcomeKind.Invalid"/>), each naming the file and key.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The change as one masked line (<c>PORT: 3000 → 3001</c>; a sensitive value is never shown).</summary>
    public string? Change { get; init; }

    /// <summary>Per role, what a dry-run would change.</summary>
    public IReadOnlyList<RolePreview> Previews { get; init; } = [];

    /// <summary>Per role, what the render after a change did.</summary>
    public IReadOnlyList<RoleReport> Reports { get; init; } = [];

    /// <summary>Why the render after a written change did not run (Redis away…); the leader's loop renders it later.</summary>
    public string? RenderProblem { get; init; }
}
