using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>Plays the leader against a test's Redis: runs passes and reads back what was stored.</summary>
internal sealed class LeaderHarness(RedisServer redis, LeaderTree tree, Func<string, string?>? environment = null)
{
    public RedisKeys Keys { get; } = new(tree.Prefix);

    public Task<IReadOnlyList<RoleReport>> RunAsync(string reason = "test") =>
        new PlatformPipeline(redis.Admin, NullLogger<PlatformPipeline>.Instance, environment ?? (_ => null)).RunAsync(tree.Load(), reason);

    public Task<StoredVersion?> CurrentAsync(string role) =>
        new VersionStore(redis.Admin, Keys, LeaderSettings.DefaultHistoryLength).ReadAsync(role);

    public async Task<string> FileAsync(string role, string path) =>
        Encoding.UTF8.GetString((await CurrentAsync(role))!.Files[path]);
}
