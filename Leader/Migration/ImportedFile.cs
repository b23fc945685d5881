namespace PryvBus.Leader.Migration;

/// <summary>One imported file: where it came from, the template it became, and what was replaced in it.</summary>
public sealed record ImportedFile(
    string Role,
    string Source,
    string Template,
    ImportOutcome Outcome,
    string Kind,
    IReadOnlyDictionary<string, int> Replacements,
    int Escapes);
