namespace PryvBus.Benchmarks.Infrastructure;

/// <summary>One benchmark follower: what the leader's <c>followers</c> list and the follower's settings must agree on.</summary>
internal sealed record FollowerIdentity(string Id, string Role, string Key)
{
    public static FollowerIdentity Numbered(int index, string role) =>
        new($"bench-{index:000}", role, $"bench-key-{index:000}-0123456789abcdef");
}
