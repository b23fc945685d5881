using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.State;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// With no readable boot id a lost marker cannot be told from a pass that ended: no block is reserved, each serial is
/// recorded exactly before its commit, and a pass over unchanged inputs keeps the current version.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class SerialBlockBootUnknownTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task ReserveAsync_BootIdUnknown_RecordsTheExactSerialBeforeItsCommit()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        using (var ledger = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance, boot: null))
        {
            await ledger.ReserveAsync("core", 1, default);

            var document = new StoreRecordFile(state).Read(out var problem);
            problem.Should().BeNull();
            document.Stores[keys.Prefix].Serials["core"].Should().Be(1, "recorded before the commit, with no marker to trust");
            document.Stores[keys.Prefix].Reserved.Should().BeEmpty();
            File.Exists(Path.Combine(state, StoreLedger.PendingFile)).Should().BeFalse();
        }

        using var next = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance, boot: null);
        next.HighestStored("core").Should().Be(1);
    }

    [Fact]
    public async Task StoreAsync_BootIdUnknownUnchangedInputs_SerialStaysOne()
    {
        using var temp = new TempDirectory();
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var state = temp.Combine("state");
        var version = new RenderedVersion("core", new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["a.conf"] = "domain x"u8.ToArray() });
        var serials = new List<long>();
        for (var pass = 0; pass < 3; pass++)
        {
            // A new store each time: the leader restarted (or a CLI render), so nothing is cached.
            using var ledger = await StoreLedger.OpenAsync(redis.Admin, keys, state, NullLogger.Instance, boot: null);
            serials.Add((await new VersionStore(redis.Admin, keys, 10).StoreAsync(version, [], "periodic check", ledger)).Serial);
        }

        serials.Should().Equal([1L, 1L, 1L], "nothing changed");
    }
}
