using Microsoft.Extensions.Logging;
using PryvBus.Shared.Logging;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Shared;

/// <summary>
/// The multiplexer's connection diagnostics reach the logs (leader and follower register it with
/// <see cref="RedisDiagnostics.WithLogging"/>), one level quieter so they never flood, with the password masked.
/// </summary>
public sealed class RedisDiagnosticsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task WithLogging_Connect_DiagnosticsLoggedAtDebugNotInformation()
    {
        using var collector = new LogCollector();
        using var factory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(collector));

        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.Options().WithLogging(factory)))
        {
            (await connection.GetDatabase().PingAsync()).Should().BePositive();
        }

        var diagnostics = collector.Entries.Where(entry => entry.Category.StartsWith("StackExchange.Redis", StringComparison.Ordinal)).ToList();
        diagnostics.Should().NotBeEmpty();
        diagnostics.Should().OnlyContain(entry => entry.Level != LogLevel.Information);
        diagnostics.Should().Contain(entry => entry.Level == LogLevel.Debug);
    }

    [Fact]
    public void Log_MessageHoldsSecretAndException_MaskedOneLineNoStack()
    {
        using var collector = new LogCollector();
        var logger = new DemotedLogger(collector.CreateLogger("redis"), "s3cret-pass");

        logger.Log(LogLevel.Warning, new EventId(7), "auth with s3cret-pass failed", new InvalidOperationException("boom"), (text, _) => text);
        logger.Log(LogLevel.Information, new EventId(8), "connected", null, (text, _) => text);

        collector.Entries.Should().Equal(
            (7, LogLevel.Warning, "auth with ***** failed (InvalidOperationException: boom)", "redis"),
            (8, LogLevel.Debug, "connected", "redis"));
    }
}
