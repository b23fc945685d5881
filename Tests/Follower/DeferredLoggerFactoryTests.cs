using Microsoft.Extensions.Logging;
using PryvBus.Follower.Extensions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The Redis client's logger factory while the host is being built (<see cref="DeferredLoggerFactory"/>): nothing it
/// logs then is lost, and the host's level still decides what is written.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class DeferredLoggerFactoryTests
{
    [Fact]
    public void Attach_LinesLoggedBefore_WrittenInOrderThroughTheHostLoggers()
    {
        var deferred = new DeferredLoggerFactory();
        var logger = deferred.CreateLogger("StackExchange.Redis.ConnectionMultiplexer");
        Write(logger, LogLevel.Debug, 1, "first");
        Write(logger, LogLevel.Debug, 2, "second");
        var collector = new LogCollector();
        using var host = LoggerFactory.Create(b => b.AddProvider(collector).SetMinimumLevel(LogLevel.Trace));

        deferred.Attach(host);
        Write(logger, LogLevel.Debug, 3, "third");

        collector.Entries.Select(e => (e.EventId, e.Message, e.Category)).Should().Equal(
            (1, "first", "StackExchange.Redis.ConnectionMultiplexer"),
            (2, "second", "StackExchange.Redis.ConnectionMultiplexer"),
            (3, "third", "StackExchange.Redis.ConnectionMultiplexer"));
    }

    [Fact]
    public void Attach_HostLevelAboveTheBufferedLines_NothingWritten()
    {
        var deferred = new DeferredLoggerFactory();
        Write(deferred.CreateLogger("StackExchange.Redis"), LogLevel.Debug, 1, "connecting");
        var collector = new LogCollector();
        using var host = LoggerFactory.Create(b => b.AddProvider(collector).SetMinimumLevel(LogLevel.Information));

        deferred.Attach(host);
        Write(deferred.CreateLogger("StackExchange.Redis"), LogLevel.Debug, 2, "connected");

        collector.Entries.Should().BeEmpty();
    }

    [Fact]
    public void Log_ManyLinesBeforeAttach_KeepsABoundedNumber()
    {
        var deferred = new DeferredLoggerFactory();
        var logger = deferred.CreateLogger("StackExchange.Redis");
        for (var i = 0; i < 10_000; i++)
        {
            Write(logger, LogLevel.Warning, 1, $"retrying {i}");
        }

        var collector = new LogCollector();
        using var host = LoggerFactory.Create(b => b.AddProvider(collector));
        deferred.Attach(host);

        collector.Entries.Should().HaveCount(DeferredLoggerFactory.BufferLimit).And.Contain(e => e.Message == "retrying 0");
    }

    // As the Redis client's demoted loggers write: a finished line as the state.
    private static void Write(ILogger logger, LogLevel level, int eventId, string text) =>
        logger.Log(level, new EventId(eventId), text, null, static (line, _) => line);
}
