using StackExchange.Redis;

namespace PryvBus.Leader.Versions;

/// <summary>A secret generated during a render, persisted in the same transaction as the version that uses it.</summary>
public sealed record NewSecret(RedisKey Hash, string Name, string Value)
{
    public override string ToString() => $"{Hash} {Name}";
}
