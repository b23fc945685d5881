namespace PryvBus.Leader.Migration;

/// <summary>Everything an import did and did not do, for the operator to review before the first render.</summary>
public sealed record ImportReport(
    IReadOnlyList<ImportedFile> Files,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> ValuesNotFound,
    IReadOnlyList<string> ValuesLeftAlone);
