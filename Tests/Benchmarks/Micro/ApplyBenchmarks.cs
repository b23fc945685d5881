using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;

namespace PryvBus.Benchmarks.Micro;

/// <summary>
/// <c>ConfigApplier.Apply</c> of a verified single-node version on the disk the end-to-end run uses: plan (path checks,
/// diff with the disk), the changed file written atomically (fsync, rename, folder fsync), manifest; no journal, as each
/// apply replaces one file the manifest lists.
/// <see cref="ApplyChangedFile"/> alternates two versions differing by one file; <see cref="ApplyUnchanged"/> re-applies
/// the current one (the plan finds nothing to write). <see cref="ApplyOneOf2000"/> alternates two versions of a 2,000-file
/// role differing by one file: the cost of an apply must follow the changed files, not the root.
/// </summary>
public class ApplyBenchmarks
{
    private readonly List<string> _roots = [];
    private ConfigApplier? _changing;
    private ConfigApplier? _same;
    private VerifiedVersion? _a;
    private VerifiedVersion? _b;
    private bool _flip;
    private ConfigApplier? _large;
    private VerifiedVersion? _largeA;
    private VerifiedVersion? _largeB;
    private bool _largeFlip;

    [GlobalSetup]
    public void Setup()
    {
        var (a, b, _) = MicroSample.SingleNodePair();
        (_a, _b) = (MicroSample.Verified(a, 1), MicroSample.Verified(b, 2));
        _changing = NewApplier();
        _same = NewApplier();
        _changing.Apply(_a);
        _same.Apply(_a);

        (_largeA, _largeB) = (Large(1, "a"), Large(2, "b"));
        _large = NewApplier();
        _large.Apply(_largeA);

        // Applied again until every file's stamp is recorded (once past the stamps' racy window), as on a follower that runs.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            _large.Apply(_largeB);
        }
        while (_large.ReadApplied()!.Files.Values.Any(e => e.Stamp is null) && DateTime.UtcNow < deadline);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _changing?.Dispose();
        _same?.Dispose();
        _large?.Dispose();
        foreach (var root in _roots)
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Benchmark]
    public ApplyResult ApplyChangedFile()
    {
        _flip = !_flip;
        var result = _changing!.Apply(_flip ? _b! : _a!);
        _changing.ReleaseReplaced(); // as the sync loop does once its sync is over
        return result;
    }

    [Benchmark]
    public ApplyResult ApplyUnchanged() => _same!.Apply(_a!);

    [Benchmark]
    public ApplyResult ApplyOneOf2000()
    {
        _largeFlip = !_largeFlip;
        var result = _large!.Apply(_largeFlip ? _largeA! : _largeB!);
        _large.ReleaseReplaced();
        return result;
    }

    private static VerifiedVersion Large(long serial, string variant)
    {
        var files = Enumerable.Range(0, 2_000).ToDictionary(
            i => $"component{i % 20}/conf/file{i}.conf",
            i => System.Text.Encoding.UTF8.GetBytes(i == 7 ? $"setting 7 = {variant}\n" : $"setting {i} = value\n"),
            StringComparer.Ordinal);
        return new VerifiedVersion("large", 1, serial, "large-" + variant, files, new HashSet<string>(StringComparer.Ordinal));
    }

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
