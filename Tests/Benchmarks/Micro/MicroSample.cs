using System.Text.Json.Nodes;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Follower.Fetching;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;

namespace PryvBus.Benchmarks.Micro;

/// <summary>Rendered sample versions for the in-process benchmarks (no Redis: secrets are generated once per resolver).</summary>
internal static class MicroSample
{
    public const string FollowerId = "bench-000";
    public const string FollowerKey = "bench-key-000-0123456789abcdef";

    /// <summary>The roles of the whole sample (<c>compose/cluster</c> when present, else single-node).</summary>
    public static IReadOnlyList<string> Roles()
    {
        using var tree = new SampleTree(RepoPaths.WholeSample, "127.0.0.1:1", "micro");
        return tree.Load().Roles();
    }

    /// <summary>Settings of the whole sample, in a temporary copy the caller disposes.</summary>
    public static (SampleTree Tree, LeaderSettings Settings) Whole()
    {
        var tree = new SampleTree(RepoPaths.WholeSample, "127.0.0.1:1", "micro");
        return (tree, tree.Load());
    }

    /// <summary>Two single-node versions that differ by one file (<c>mongodb/conf/mongod.conf</c>), sharing their secrets.</summary>
    /// <param name="secrets">Where the secrets come from; by default generated offline (the versions then hold new secrets).</param>
    public static (RenderedVersion A, RenderedVersion B, LeaderSettings Settings) SingleNodePair(Func<LeaderSettings, SecretResolver>? secrets = null)
    {
        using var tree = new SampleTree(RepoPaths.SingleNode, "127.0.0.1:1", "micro", [new FollowerIdentity(FollowerId, "singlenode", FollowerKey)]);
        var renderer = new TemplateRenderer();
        var settings = tree.Load();
        var resolver = (secrets ?? SecretResolver.Offline)(settings);
        var a = renderer.Render(settings, "singlenode", resolver).Version!;
        tree.SetPlatformValue("MONGODB_CACHE_GB", JsonValue.Create(2));
        var b = renderer.Render(tree.Load(), "singlenode", resolver).Version!;
        return (a, b, settings);
    }

    public static VerifiedVersion Verified(RenderedVersion version, long serial) =>
        new(version.Role, 1, serial, version.Sha256, version.Files, version.SecretFiles);
}
