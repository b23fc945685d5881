namespace PryvBus.Leader.Migration;

/// <summary>
/// Everything an import did and did not do, for the operator to review before the first render. When
/// <see cref="Failed"/> (a problem, or a value several names share with no <c>--prefer</c>), nothing was written.
/// </summary>
public sealed record ImportReport(
    IReadOnlyList<ImportedFile> Files,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> ValuesNotFound,
    IReadOnlyList<string> ValuesLeftAlone)
{
    /// <summary>Values found in the files under several names, none preferred: (value, names, occurrences).</summary>
    public IReadOnlyList<(string Value, string Names, int Occurrences)> Ambiguous { get; init; } = [];

    /// <summary>Values found but held back: (name, value, why, occurrences).</summary>
    public IReadOnlyList<(string Name, string Value, string Reason, int Occurrences)> Held { get; init; } = [];

    /// <summary>The <c>--prefer</c> choices applied.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    public IReadOnlyList<string> NearMisses { get; init; } = [];

    public IReadOnlyList<string> Problems { get; init; } = [];

    public bool Failed => Problems.Count > 0 || Ambiguous.Count > 0;
}
