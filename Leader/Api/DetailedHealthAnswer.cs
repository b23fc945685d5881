namespace PryvBus.Leader.Api;

/// <summary><c>/health</c> with the read key: Redis and the last render pass.</summary>
internal sealed record DetailedHealthAnswer(string Status, string Redis, LastRenderAnswer? LastRender);
