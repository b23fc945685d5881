using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Logging;
using PryvBus.Shared.Settings;
using StackExchange.Redis;

namespace PryvBus.Leader.Access;

/// <summary>
/// At start, before any loop runs: the leader refuses to start (exit code 2, one line) while a Redis user still
/// accepts a shipped sample password of <c>users.acl</c>, unless <c>PRYVBUS_DEMO=1</c>. It reads <c>ACL LIST</c>
/// (password hashes, compared with the samples' hashes; no password is ever sent). What it cannot check, it says in the
/// log and starts: Redis not reachable yet (the ACL passes report sample passwords as errors later, event 2201), or a
/// leader user that may not run <c>ACL LIST</c> (nothing checked).
/// </summary>
public sealed partial class SampleAclGuard(IConnectionMultiplexer redis, LeaderSettings settings, ILogger<SampleAclGuard> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => CheckAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <exception cref="StartRefusedException">A user accepts a sample password and this is not a declared demo.</exception>
    public async Task CheckAsync(CancellationToken ct)
    {
        if (settings.Demo)
        {
            return;
        }

        if (!redis.IsConnected)
        {
            // The multiplexer already made its first connection attempt: do not hold the start back for an outage.
            NotChecked(logger, "Redis is not reachable yet; the ACL passes will report them as errors");
            return;
        }

        string[] rules;
        try
        {
            rules = [.. ((string?[]?)await redis.GetDatabase().ExecuteAsync("ACL", "LIST").WaitAsync(ct) ?? []).OfType<string>()];
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOPERM", StringComparison.Ordinal)
            || ex.Message.Contains("unknown command", StringComparison.OrdinalIgnoreCase))
        {
            NotChecked(logger, "the leader's Redis user may not run ACL LIST");
            return;
        }
        catch (Exception ex) when (ex is RedisConnectionException or TimeoutException or RedisTimeoutException)
        {
            NotChecked(logger, "Redis is not reachable yet; the ACL passes will report them as errors");
            return;
        }

        var users = string.Join(", ", SampleCredentials.UsersWithSamplePassword(rules));
        if (users.Length > 0)
        {
            throw new StartRefusedException(
                $"Redis users {users} still accept a sample password of compose/redis/users.acl, known to anyone: replace their "
                + $"password hashes (docs/settings.md, sample credentials), or set {SampleCredentials.DemoVariable}=1 for a throwaway demo",
                StartupFailure.Settings);
        }
    }

    [LoggerMessage(2601, LogLevel.Warning, "Could not check the Redis users for sample passwords at start: {Reason}")]
    private static partial void NotChecked(ILogger logger, string reason);
}
