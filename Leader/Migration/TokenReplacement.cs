namespace PryvBus.Leader.Migration;

/// <summary>The text of an imported file as a template: how often each expression replaced its value, how many literal <c>{{</c> were escaped.</summary>
public sealed record TokenReplacement(string Text, IReadOnlyDictionary<string, int> Counts, int Escapes);
