namespace PryvBus.Leader.Commands;

/// <summary><c>import-pryv-leader --json</c>.</summary>
internal sealed record PryvImportOutput(string From, string To, bool Written, List<string> Done, List<string> LeftOut, List<string> Notes, List<string> Problems);
