namespace PryvBus.Leader.Commands;

/// <summary>One template in <c>import --json</c> (outcome in lower case).</summary>
internal sealed record ImportFileOutput(string Role, string Source, string Template, string Outcome, string Kind, IReadOnlyDictionary<string, int> Replacements, int Escapes);
