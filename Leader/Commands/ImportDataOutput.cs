using PryvBus.Leader.Migration;

namespace PryvBus.Leader.Commands;

/// <summary><c>import-data --json</c>.</summary>
internal sealed record ImportDataOutput(string Role, string From, bool DryRun, IReadOnlyList<MovedFolder> Folders);
