using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PryvBus.Follower.Fetching;
using PryvBus.Leader.Versions;
using PryvBus.Shared.Versions;

namespace PryvBus.Benchmarks.Micro;

/// <summary>
/// The version digest (leader and follower), and the follower's whole check (digest + HMAC) of a fetched version; the
/// digest of a 2,000-file version in its paths' order, with its contents given in that order (as a follower puts a
/// version together from the one it holds) and looked up by path (as before session 44).
/// </summary>
public class IntegrityBenchmarks
{
    private static readonly HashSet<string> NoSecrets = new(StringComparer.Ordinal);
    private RenderedVersion? _version;
    private FetchedVersion? _fetched;
    private Dictionary<string, byte[]>? _large;
    private string[]? _largeOrder;
    private byte[][]? _largeInOrder;

    [GlobalSetup]
    public void Setup()
    {
        _version = MicroSample.SingleNodePair().A;
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MetaFields.Role] = _version.Role,
            [MetaFields.Generation] = "1",
            [MetaFields.Serial] = "42",
            [MetaFields.Sha256] = _version.Sha256,
            [MetaFields.SecretFiles] = JsonSerializer.Serialize(_version.SecretFiles.ToArray()),
            [MetaFields.Signature(MicroSample.FollowerId)] = VersionSignature.Sign(MicroSample.FollowerKey, _version.Role, 1, 42, _version.Sha256),
        };
        _fetched = new FetchedVersion(_version.Role, 42, _version.Files, meta);

        _large = Enumerable.Range(0, 2_000).ToDictionary(
            i => $"component{i % 20}/conf/file{i}.conf", i => System.Text.Encoding.UTF8.GetBytes($"setting {i} = value\n"), StringComparer.Ordinal);
        _largeOrder = [.. _large.Keys.Order(StringComparer.Ordinal)];
        _largeInOrder = [.. _largeOrder.Select(p => _large[p])];
    }

    [Benchmark]
    public string Digest() => VersionDigest.Compute(_version!.Files, _version.SecretFiles);

    [Benchmark]
    public VerifiedVersion Verify() => VersionVerifier.Verify(_fetched!, MicroSample.FollowerId, MicroSample.FollowerKey);

    [Benchmark]
    public string DigestOf2000InOrder()
    {
        var order = _largeOrder;
        return VersionDigest.Compute(_large!, NoSecrets, ref order, _largeInOrder, out _);
    }

    [Benchmark]
    public string DigestOf2000LookedUp()
    {
        var order = _largeOrder;
        return VersionDigest.Compute(_large!, NoSecrets, ref order, out _);
    }
}
