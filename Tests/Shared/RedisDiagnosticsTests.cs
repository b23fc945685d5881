using Microsoft.Extensions.Logging;
using PryvBus.Shared.Logging;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Shared;

/// <summary>
/// The multiplexer's connection diagnostics reach the logs (leader and follower register it with
/// <see cref="RedisDiagnostics.WithLogging"/>), at debug so they never flood (its errors repeat per reconnect), with the password masked.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RedisDiagnosticsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task WithLogging_Connect_DiagnosticsLoggedAtDebugOnly()
    {
        using var collector = new LogCollector();
        using var factory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(collector));

        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.Options().WithLogging(factory)))
        {
            (await connection.GetDatabase().PingAsync()).Should().BePositive();
        }

        var diagnostics = collector.Entries.Where(entry => entry.Category.StartsWith("StackExchange.Redis", StringComparison.Ordinal)).ToList();
        diagnostics.Should().NotBeEmpty();
        diagnostics.Should().OnlyContain(entry => entry.Level <= LogLevel.Debug);
        diagnostics.Should().Contain(entry => entry.Level == LogLevel.Debug);
    }

    [Fact]
    public void Log_WarningOrErrorWithSecret_DebugMaskedOneLine()
    {
        using var collector = new LogCollector();
        var logger = new DemotedLogger(collector.CreateLogger("redis"), "s3cret-pass");

        logger.Log(LogLevel.Warning, new EventId(7), "auth with s3cret-pass failed", new InvalidOperationException("boom"), (text, _) => text);
        logger.Log(LogLevel.Error, new EventId(8), "SocketClosed on 127.0.0.1", new InvalidOperationException("SocketClosed on 127.0.0.1"), (text, _) => text);

        collector.Entries.Should().Equal(
            (7, LogLevel.Debug, "auth with ***** failed (InvalidOperationException: boom)", "redis"),
            (8, LogLevel.Debug, "SocketClosed on 127.0.0.1", "redis"));
    }
}
