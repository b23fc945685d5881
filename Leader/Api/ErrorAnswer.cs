namespace PryvBus.Leader.Api;

/// <summary>An error of the API: <c>{"error": "..."}</c>.</summary>
internal sealed record ErrorAnswer(string Error);
