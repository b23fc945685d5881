using PryvBus.Shared.Events;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// A config event's serial is fetched in one round trip with the admission and the serial key, which still decide what
/// is applied: an event naming another serial than the serial key's never makes the follower apply it.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerFetchRoundTripTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string File = "core/conf/core.yml";

    private static Dictionary<string, string> Content(string value) => new() { [File] = $"core: {value}\n" };

    [Fact]
    public async Task Sync_ConfigEvent_ReadsSerialKeyAndVersionInOneTransaction()
    {
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Content("one")));
        var keys = follower.Leader.Keys;
        var statusKey = keys.Follower(LeaderDouble.FollowerId).ToString();

        // Three changes: a sync the start asked for may still run beside the first one and read its serial the usual way.
        await using var monitor = await RedisMonitor.StartAsync(redis.Port);
        var serials = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            serials.Add(await follower.Leader.PublishAsync(Content($"v{i}")));
            await follower.WaitForAppliedAsync(serials[^1]);
        }

        await Wait.UntilAsync(
            () => Transactions(monitor.CommandsOfStatusWriter(statusKey)).Any(t => t.Any(c => c[0] == "HGETALL" && c[1] == keys.Config(LeaderDouble.Role, serials[^1]).ToString())),
            TimeSpan.FromSeconds(10),
            "the follower's fetch of the last change in the monitor's feed");

        var fetches = Transactions(monitor.CommandsOfStatusWriter(statusKey))
            .Where(t => serials.Any(serial => t.Any(c => c[0] == "HGETALL" && c[1] == keys.Config(LeaderDouble.Role, serial).ToString())))
            .ToList();
        fetches.Should().Contain(
            t => t.Any(c => c[0] == "GET" && c[1] == keys.Serial(LeaderDouble.Role).ToString())
                && t.Any(c => c[0] == "HGETALL" && c[1] == keys.Admission(LeaderDouble.Role).ToString()),
            "the admission, the serial key and the announced version are read in one transaction: {0}",
            string.Join(" | ", fetches.Select(t => string.Join(' ', t.Select(c => c[0])))));
        follower.Read(File).Should().Be("core: v2\n");
    }

    [Fact]
    public async Task Sync_EventNamingASerialTheSerialKeyDoesNot_KeepsTheSerialKeysVersion()
    {
        // Someone who can publish on the channel announces a stored, correctly signed version the serial key does not name.
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Content("one")));
        var stored = await follower.Leader.StoreAsync(Content("two"));
        await redis.Db.StringSetAsync(follower.Leader.Keys.Serial(LeaderDouble.Role), 1);
        var sha = await redis.Db.HashGetAsync(follower.Leader.Keys.Meta(LeaderDouble.Role, stored), "sha256");
        var updated = (await follower.StatusAsync())[StatusFields.Updated];

        await follower.Leader.PublishRawAsync(new ConfigEvent(LeaderDouble.Role, stored, sha!).ToJson());

        await Wait.UntilAsync(
            async () => (await follower.StatusAsync())[StatusFields.Updated] != updated, TimeSpan.FromSeconds(10), "the report of the sync the event asked for");
        follower.Read(File).Should().Be("core: one\n");
        follower.Manifest()!.Serial.Should().Be(1);
        (await follower.StatusAsync())[StatusFields.Serial].Should().Be("1");
    }

    /// <summary>The commands between each MULTI and its EXEC.</summary>
    private static List<List<string[]>> Transactions(List<string[]> commands)
    {
        var transactions = new List<List<string[]>>();
        List<string[]>? open = null;
        foreach (var command in commands)
        {
            if (command[0] == "MULTI")
            {
                open = [];
            }
            else if (command[0] == "EXEC" && open is not null)
            {
                transactions.Add(open);
                open = null;
            }
            else
            {
                open?.Add(command);
            }
        }

        return transactions;
    }
}
