namespace PryvBus.Leader.Commands;

/// <summary><c>health --json</c>.</summary>
internal sealed record HealthOutput(string? Url, bool Healthy, int? Status, string Body);
