using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Extensions;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Leader;

/// <summary>
/// Both programs read their Redis sockets on the .NET thread pool, not on the client's own dedicated threads: an
/// answer reaches the code awaiting it with one thread hand-off less (docs/performance.md, session 35).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class RedisClientOptionsTests
{
    [Fact]
    public void LeaderOptions_ReadSocketsOnTheThreadPool() =>
        new RedisSettings("127.0.0.1:6379", "pryvbus-leader", "pw").ToOptions().SocketManager.Should().BeSameAs(SocketManager.ThreadPool);

    [Fact]
    public void FollowerOptions_ReadSocketsOnTheThreadPool() =>
        FollowerRedis.Options(new PryvBus.Follower.Settings.RedisSettings { Configuration = "127.0.0.1:6379" }, NullLoggerFactory.Instance)
            .SocketManager.Should().BeSameAs(SocketManager.ThreadPool);
}
