using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Versions;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The whole sample platform (every role), from loading <c>config-leader.json</c> to every role's new version stored
/// (and its event published): <c>PlatformPipeline.RunAsync</c>, as on a leader reload. Before each pass the stored
/// digest of every role's current version is spoilt (not timed), so every role stores a new serial exactly as after
/// an edit, with a full history to trim. Then Redis's memory: per stored version and with the full history.
/// </summary>
internal sealed class RenderStoreBench(TextWriter log)
{
    private const string Prefix = "platform";

    public async Task<RenderStoreResult> RunAsync(int iterations)
    {
        await using var redis = await RedisInstance.StartAsync();
        await using var connection = await RedisInstance.ConnectLeaderAsync(redis.Endpoint);
        var memoryBefore = await redis.InfoAsync("memory", "used_memory");
        var sample = RepoPaths.WholeSample;
        using var tree = new SampleTree(sample, redis.Endpoint, Prefix);
        var pipeline = new PlatformPipeline(connection, NullLogger<PlatformPipeline>.Instance);
        var keys = new RedisKeys(Prefix);

        // The first pass also generates and stores the secrets, and pays for the JIT.
        var cold = await TimedPassAsync(tree, pipeline);
        var settings = SettingsLoader.Load(tree.ConfigPath);
        var roles = settings.Roles();
        log.WriteLine($"  {Path.GetRelativePath(RepoPaths.Root, sample)}: {roles.Count} role(s), first pass {cold:F1} ms");

        var whole = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            await SpoilDigestsAsync(redis, keys, roles);
            whole.Add(await TimedPassAsync(tree, pipeline));
        }

        // The same work step by step, to see what dominates.
        var (load, render, store) = (new List<double>(), new List<double>(), new List<double>());
        var renderer = new TemplateRenderer();
        var files = 0;
        for (var i = 0; i < iterations; i++)
        {
            await SpoilDigestsAsync(redis, keys, roles);
            var t0 = Stopwatch.GetTimestamp();
            var loaded = SettingsLoader.Load(tree.ConfigPath);
            var t1 = Stopwatch.GetTimestamp();
            var vault = new SecretVault(connection, keys);
            var versions = new List<RenderedVersion>();
            foreach (var role in roles)
            {
                versions.Add(renderer.Render(loaded, role, await vault.ResolverAsync(loaded, role)).Version!);
            }

            var t2 = Stopwatch.GetTimestamp();
            var versionStore = new VersionStore(connection, keys, loaded.HistoryLength);
            var ledger = new BenchLedger();
            foreach (var version in versions)
            {
                await versionStore.StoreAsync(version, loaded.Followers, "benchmark", ledger);
            }

            var t3 = Stopwatch.GetTimestamp();
            (load, render, store) = (Add(load, t0, t1), Add(render, t1, t2), Add(store, t2, t3));
            files = versions.Sum(v => v.Files.Count);
        }

        var perVersion = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            var serials = await connection.GetDatabase().ListRangeAsync(keys.History(role));
            var sizes = new List<long>();
            foreach (var serial in serials.Select(s => (long)s))
            {
                sizes.Add(await redis.MemoryUsageAsync(keys.Config(role, serial)) + await redis.MemoryUsageAsync(keys.Meta(role, serial)));
            }

            perVersion[role] = sizes.Average();
        }

        long total = 0;
        foreach (var key in await redis.KeysAsync($"{Prefix}:*"))
        {
            total += await redis.MemoryUsageAsync(key);
        }

        var usedDelta = await redis.InfoAsync("memory", "used_memory") - memoryBefore;
        return new RenderStoreResult(
            Path.GetRelativePath(RepoPaths.Root, sample), roles.Count, files, cold, new Percentiles(whole), new Percentiles(load),
            new Percentiles(render), new Percentiles(store), perVersion, settings.HistoryLength, total, usedDelta);
    }

    private static async Task<double> TimedPassAsync(SampleTree tree, PlatformPipeline pipeline)
    {
        var started = Stopwatch.GetTimestamp();
        var settings = SettingsLoader.Load(tree.ConfigPath);
        var reports = await pipeline.RunAsync(settings, "benchmark");
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var notStored = reports.Where(r => !r.Stored).Select(r => r.Role).ToArray();
        if (notStored.Length > 0)
        {
            throw new InvalidOperationException($"role(s) {string.Join(", ", notStored)} stored no new version");
        }

        return elapsed;
    }

    /// <summary>Makes each current version look different from the render, so the pass stores a new serial of every role.</summary>
    private static async Task SpoilDigestsAsync(RedisInstance redis, RedisKeys keys, IReadOnlyList<string> roles)
    {
        var db = redis.Admin.GetDatabase();
        foreach (var role in roles)
        {
            var serial = (long)await db.StringGetAsync(keys.Serial(role));
            await db.HashSetAsync(keys.Meta(role, serial), MetaFields.Sha256, "spoilt-by-the-benchmark");
        }
    }

    private static List<double> Add(List<double> list, long from, long to)
    {
        list.Add(Stopwatch.GetElapsedTime(from, to).TotalMilliseconds);
        return list;
    }
}
