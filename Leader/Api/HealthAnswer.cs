namespace PryvBus.Leader.Api;

/// <summary><c>/health</c> without the read key: ok or degraded.</summary>
internal sealed record HealthAnswer(string Status);
