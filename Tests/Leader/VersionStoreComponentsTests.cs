using System.Text;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Redis)]
public class VersionStoreComponentsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly FollowerEntry Core1 = new("core-1", "core", "key-of-core-1-0123456789");

    private static readonly Dictionary<string, ComponentSpec> Nginx = new(StringComparer.Ordinal)
    {
        ["nginx"] = new(new ReloadAction(ReloadKind.Signal, "HUP", [], 10), new ComponentCheck(["nginx", "-t"], 20)),
        ["mail"] = new(new ReloadAction(ReloadKind.Signal, "USR1", [], 10), null),
    };

    private static RenderedVersion Version() =>
        new("core", new Dictionary<string, byte[]> { ["nginx/conf/site.conf"] = Encoding.UTF8.GetBytes("server {}") });

    [Fact]
    public async Task StoreAsync_DeclaredComponents_StoredInMetaAndSigned()
    {
        var keys = new RedisKeys(RedisServer.NewPrefix());
        var store = new VersionStore(redis.Admin, keys, 10);

        var result = await store.StoreAsync(Version().WithComponents(Nginx), [Core1], "test", new MemoryLedger());

        var meta = (await redis.Db.HashGetAllAsync(keys.Meta("core", 1))).ToStringDictionary();
        var field = meta[MetaFields.Components];
        ComponentsField.Read(field, out _)!.Keys.Should().Equal(["nginx"], "the role has no mail folder");
        VersionSignature.Verify(Core1.Key, "core", 1, 1, result.Sha256, meta["sig:core-1"], field).Should().BeTrue();
    }

    [Fact]
    public async Task StoreAsync_OnlyTheActionsChanged_StoresANewSerial()
    {
        var store = new VersionStore(redis.Admin, new RedisKeys(RedisServer.NewPrefix()), 10);
        var ledger = new MemoryLedger();
        await store.StoreAsync(Version(), [Core1], "first", ledger);

        var declared = await store.StoreAsync(Version().WithComponents(Nginx), [Core1], "actions", ledger);
        var same = await store.StoreAsync(Version().WithComponents(Nginx), [Core1], "again", ledger);

        declared.Outcome.Should().Be(StoreOutcome.Stored);
        declared.Serial.Should().Be(2);
        same.Outcome.Should().Be(StoreOutcome.Unchanged);
    }
}
