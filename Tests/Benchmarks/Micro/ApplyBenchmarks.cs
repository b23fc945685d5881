using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;

namespace PryvBus.Benchmarks.Micro;

/// <summary>
/// <c>ConfigApplier.Apply</c> of a verified single-node version on the disk the end-to-end run uses: plan (path checks,
/// diff with the disk), journal, the changed file written atomically (fsync, rename, folder fsync), manifest.
/// <see cref="ApplyChangedFile"/> alternates two versions differing by one file; <see cref="ApplyUnchanged"/> re-applies
/// the current one (the plan finds nothing to write).
/// </summary>
public class ApplyBenchmarks
{
    private readonly List<string> _roots = [];
    private ConfigApplier? _changing;
    private ConfigApplier? _same;
    private VerifiedVersion? _a;
    private VerifiedVersion? _b;
    private bool _flip;

    [GlobalSetup]
    public void Setup()
    {
        var (a, b, _) = MicroSample.SingleNodePair();
        (_a, _b) = (MicroSample.Verified(a, 1), MicroSample.Verified(b, 2));
        _changing = NewApplier();
        _same = NewApplier();
        _changing.Apply(_a);
        _same.Apply(_a);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var root in _roots)
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Benchmark]
    public ApplyResult ApplyChangedFile()
    {
        _flip = !_flip;
        return _changing!.Apply(_flip ? _b! : _a!);
    }

    [Benchmark]
    public ApplyResult ApplyUnchanged() => _same!.Apply(_a!);

    private ConfigApplier NewApplier()
    {
        var root = Directory.CreateDirectory(Path.Combine(RepoPaths.Work, "apply-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        _roots.Add(root);
        var settings = new FollowerSettings
        {
            Id = MicroSample.FollowerId,
            Role = "singlenode",
            Key = MicroSample.FollowerKey,
            Redis = new RedisSettings { Configuration = "127.0.0.1:1" },
            ConfigRoot = Path.Combine(root, "pryv"),
            Containers = null,
        };
        return new ConfigApplier(settings, NullLogger<ConfigApplier>.Instance);
    }
}
