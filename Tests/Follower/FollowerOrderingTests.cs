using System.Text.Json.Nodes;
using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// Versions are applied in (generation, serial) order, both covered by the signature: an older version, whatever put it
/// in Redis, is never applied; a newer generation is, even with a lower serial.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerOrderingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static Dictionary<string, string> Content(string value) => new() { ["core/conf/core.yml"] = $"core: {value}\n" };

    private static Task WaitForErrorAsync(FollowerHarness follower, string text) =>
        Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.Error)?.Contains(text, StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(10),
            $"the error '{text}'");

    [Fact]
    public async Task Sync_OlderGenerationStored_KeepsFilesReportsAndAppliesTheNextNewer()
    {
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(200));
        follower.Leader.Restart(generation: 5);
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Content("five")));

        follower.Leader.Restart(generation: 4);
        (await follower.Leader.PublishAsync(Content("four"))).Should().Be(2);

        await WaitForErrorAsync(follower, "version 2 of generation 4 is older than the applied 1 of generation 5");
        follower.Read("core/conf/core.yml").Should().Be("core: five\n");
        follower.Manifest()!.Should().Match<PryvBus.Follower.Applying.Manifest>(m => m.Generation == 5 && m.Serial == 1);

        follower.Leader.Restart(generation: 6);
        var serial = await follower.Leader.PublishAsync(Content("six"));
        await follower.WaitForAppliedAsync(serial);
        follower.Read("core/conf/core.yml").Should().Be("core: six\n");
    }

    [Fact]
    public async Task Sync_SerialKeyPointedBackAtARetainedVersion_NeverApplied()
    {
        // Someone with write access to Redis replays a retained, correctly signed, older version.
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(200));
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Content("one")));
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Content("two")));

        await redis.Db.StringSetAsync(follower.Leader.Keys.Serial(LeaderDouble.Role), 1);

        await WaitForErrorAsync(follower, "older than the applied 2");
        follower.Read("core/conf/core.yml").Should().Be("core: two\n");
        (await follower.StatusAsync())[StatusFields.Serial].Should().Be("2");
    }

    [Fact]
    public async Task Sync_ManifestDeltaDamagedThenSerialPointedBack_OlderVersionStillRefused()
    {
        // The delta's last record damaged (a disk fault, a hand edit): its files are checked against the disk again, but
        // the versions its complete records name stay applied: Redis pointed back at one of them is refused as before.
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(200));
        await follower.StartAsync();
        for (var i = 1; i <= 4; i++)
        {
            await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Content($"v{i}")));
        }

        await follower.StopAsync();
        var delta = follower.Path(".pryvbus/manifest.delta");
        var bytes = File.ReadAllBytes(delta);
        bytes[^3] ^= 0x01; // one bit of the last record's content: its checksum no longer matches
        File.WriteAllBytes(delta, bytes);
        await redis.Db.StringSetAsync(follower.Leader.Keys.Serial(LeaderDouble.Role), 2);

        await follower.StartAsync();

        await WaitForErrorAsync(follower, "older than the applied 3");
        follower.Read("core/conf/core.yml").Should().Be("core: v4\n");
    }

    [Fact]
    public async Task Sync_NewGenerationWithALowerSerial_IsApplied()
    {
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(200));
        await follower.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Content($"v{i}")));
        }

        await redis.Db.KeyDeleteAsync(follower.Leader.Keys.Serial(LeaderDouble.Role));
        follower.Leader.Restart(generation: 2);
        var serial = await follower.Leader.PublishAsync(Content("reborn"));

        serial.Should().Be(1);
        await follower.WaitForAppliedAsync(1);
        follower.Read("core/conf/core.yml").Should().Be("core: reborn\n");
        follower.Manifest()!.Generation.Should().Be(2);
    }

    [Fact]
    public async Task Sync_ManifestWithoutGeneration_ReadsAsZeroAndTakesAVersionOfAGeneration()
    {
        await using var follower = new FollowerHarness(redis, pollInterval: TimeSpan.FromMilliseconds(200));
        await follower.StartAsync();
        await follower.WaitForAppliedAsync(await follower.Leader.PublishAsync(Content("one")));
        await follower.StopAsync();

        // A manifest written before generations existed, at a serial far above the leader's.
        var path = follower.Path(".pryvbus/manifest.json");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        manifest.Remove("generation");
        manifest["serial"] = 50;
        await File.WriteAllTextAsync(path, manifest.ToJsonString());
        follower.Manifest()!.Generation.Should().Be(0);
        await follower.StartAsync();
        var serial = await follower.Leader.PublishAsync(Content("two"));

        await follower.WaitForAppliedAsync(serial);
        follower.Read("core/conf/core.yml").Should().Be("core: two\n");
        follower.Manifest()!.Generation.Should().Be(1);
    }

    [Fact]
    public async Task Sync_SameGenerationAndSerialSignedWithOtherContent_IsApplied()
    {
        // Only a holder of the follower's key can sign this; the follower then brings its disk in line with it.
        await using var follower = new FollowerHarness(redis);
        await follower.StartAsync();
        var serial = await follower.Leader.PublishAsync(Content("one"));
        await follower.WaitForAppliedAsync(serial);
        var keys = follower.Leader.Keys;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["core/conf/core.yml"] = System.Text.Encoding.UTF8.GetBytes("core: same serial\n") };
        var sha = VersionDigest.Compute(files, new HashSet<string>(StringComparer.Ordinal));
        await redis.Db.HashSetAsync(keys.Config(LeaderDouble.Role, serial), "core/conf/core.yml", files["core/conf/core.yml"]);
        await redis.Db.HashSetAsync(keys.Meta(LeaderDouble.Role, serial), [
            new(MetaFields.Sha256, sha),
            new(MetaFields.Signature(LeaderDouble.FollowerId), VersionSignature.Sign(LeaderDouble.FollowerKey, LeaderDouble.Role, 1, serial, sha))]);

        await follower.Leader.PublishRawAsync($"{{\"type\":\"config\",\"role\":\"core\",\"serial\":{serial},\"sha256\":\"{sha}\"}}");

        await Wait.UntilAsync(() => follower.Manifest()?.Sha256 == sha, TimeSpan.FromSeconds(10), "the re-signed content to be applied");
        follower.Read("core/conf/core.yml").Should().Be("core: same serial\n");
    }
}
