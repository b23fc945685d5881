using PryvBus.Shared;
using PryvBus.Shared.Events;
using StackExchange.Redis;

namespace PryvBus.Leader.Publishing;

/// <summary>Publishes events on the <c>{prefix}:events</c> channel. Pub/sub is at-most-once: followers also poll.</summary>
public sealed class EventPublisher(IConnectionMultiplexer redis, RedisKeys keys)
{
    /// <returns>The number of subscribers that received the event.</returns>
    public async Task<long> PublishAsync(BusEvent busEvent)
    {
        ArgumentNullException.ThrowIfNull(busEvent);
        return await redis.GetSubscriber().PublishAsync(keys.Events, busEvent.ToJson());
    }
}
