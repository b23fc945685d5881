using System.Text.Json;
using BenchmarkDotNet.Attributes;
using PryvBus.Follower.Fetching;
using PryvBus.Leader.Versions;
using PryvBus.Shared.Versions;

namespace PryvBus.Benchmarks.Micro;

/// <summary>The version digest (leader and follower), and the follower's whole check (digest + HMAC) of a fetched version.</summary>
public class IntegrityBenchmarks
{
    private RenderedVersion? _version;
    private FetchedVersion? _fetched;

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
    }

    [Benchmark]
    public string Digest() => VersionDigest.Compute(_version!.Files, _version.SecretFiles);

    [Benchmark]
    public VerifiedVersion Verify() => VersionVerifier.Verify(_fetched!, MicroSample.FollowerId, MicroSample.FollowerKey);
}
