namespace PryvBus.Leader.Commands;

/// <summary><c>import --json</c>.</summary>
internal sealed record ImportOutput(string From, string To, IEnumerable<ImportFileOutput> Files, IReadOnlyList<string> Skipped, IReadOnlyList<string> ValuesNotFound, IReadOnlyList<string> ValuesLeftAlone, IEnumerable<SharedValueOutput> Shared, IEnumerable<HeldValueOutput> Held, IReadOnlyList<string> Preferred, IReadOnlyList<string> NearMisses, IReadOnlyList<string> Problems, bool Written);
