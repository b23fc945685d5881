namespace PryvBus.Leader.Api;

/// <summary>What <c>/admin/reload</c> published and how many subscribers received it.</summary>
internal sealed record ReloadAnswer(string Role, IReadOnlyList<string> Components, long Receivers);
