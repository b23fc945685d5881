using System.Diagnostics;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Shared;
using PryvBus.Shared.Status;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>Waits until a role's current serial is the one a follower reports, state ok, while the leader process runs.</summary>
internal static class RoleConvergence
{
    public static async Task WaitAsync(RedisInstance redis, RedisKeys keys, string role, string follower, Process leader, string leaderLog, TimeSpan timeout)
    {
        var db = redis.Admin.GetDatabase();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var serial = await db.StringGetAsync(keys.Serial(role));
            var status = await db.HashGetAsync(keys.Follower(follower), [(RedisValue)StatusFields.Serial, (RedisValue)StatusFields.State]);
            if (!serial.IsNull && status[0] == serial && status[1] == FollowerState.Ok)
            {
                return;
            }

            if (leader.HasExited)
            {
                throw new InvalidOperationException($"the leader process exited (code {leader.ExitCode}); see {leaderLog}");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"the follower did not report serial {serial} within {timeout.TotalSeconds:F0} s");
            }

            await Task.Delay(5);
        }
    }
}
