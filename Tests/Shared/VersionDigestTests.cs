using System.Text;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Shared;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class VersionDigestTests
{
    private static readonly HashSet<string> NoSecrets = [];

    private static Dictionary<string, byte[]> Files(params (string Path, string Content)[] files) =>
        files.ToDictionary(f => f.Path, f => Encoding.UTF8.GetBytes(f.Content));

    [Fact]
    public void Compute_SameFilesInAnyOrder_SameDigest()
    {
        var a = Files(("a.conf", "1"), ("b/c.yml", "2"));
        var b = Files(("b/c.yml", "2"), ("a.conf", "1"));

        VersionDigest.Compute(a, NoSecrets).Should().Be(VersionDigest.Compute(b, NoSecrets)).And.HaveLength(64);
    }

    [Theory]
    [InlineData("a.conf", "2")]
    [InlineData("a.con", "f1")]
    [InlineData("b.conf", "1")]
    public void Compute_AnyChangeOfPathOrContent_ChangesDigest(string path, string content)
    {
        var original = VersionDigest.Compute(Files(("a.conf", "1")), NoSecrets);

        VersionDigest.Compute(Files((path, content)), NoSecrets).Should().NotBe(original);
    }

    [Fact]
    public void Compute_SecretFlag_IsCovered()
    {
        // A tamperer must not be able to drop the 0600 protection of a file without breaking the digest.
        var files = Files(("core/conf/core.yml", "key: x"));

        VersionDigest.Compute(files, new HashSet<string> { "core/conf/core.yml" })
            .Should().NotBe(VersionDigest.Compute(files, NoSecrets));
    }

    [Fact]
    public void Verify_SignatureOfSameRoleGenerationSerialAndDigest_Succeeds()
    {
        var sig = VersionSignature.Sign("key-of-follower-1", "core", 7, 4, "abc");

        VersionSignature.Verify("key-of-follower-1", "core", 7, 4, "abc", sig).Should().BeTrue();
        VersionSignature.Verify("key-of-follower-1", "core", 7, 4, "abc", sig.ToUpperInvariant()).Should().BeTrue();
    }

    [Theory]
    [InlineData("other-key-of-follower", "core", 7, 4, "abc")]
    [InlineData("key-of-follower-1", "static", 7, 4, "abc")]
    [InlineData("key-of-follower-1", "core", 8, 4, "abc")]
    [InlineData("key-of-follower-1", "core", 7, 5, "abc")]
    [InlineData("key-of-follower-1", "core", 7, 4, "abd")]
    public void Verify_AnythingDifferent_Fails(string key, string role, long generation, long serial, string sha)
    {
        // Binding role, generation and serial stops an old signed version being replayed as a newer one.
        var sig = VersionSignature.Sign("key-of-follower-1", "core", 7, 4, "abc");

        VersionSignature.Verify(key, role, generation, serial, sha, sig).Should().BeFalse();
    }

    [Fact]
    public void Verify_MissingSignature_Fails()
    {
        VersionSignature.Verify("key-of-follower-1", "core", 7, 4, "abc", null).Should().BeFalse();
        VersionSignature.Verify("key-of-follower-1", "core", 7, 4, "abc", "zz").Should().BeFalse();
    }
}
