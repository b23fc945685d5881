using System.Text;
using CsCheck;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Shared;

[Trait(TestCategory.Name, TestCategory.Unit)]
public partial class VersionDigestTests
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
    public void Compute_AnyFiles_TheDocumentedCanonicalForm()
    {
        // The stored digests of every leader and follower release: path, NUL, secret flag, 8-byte big-endian length, content.
        var path = Gen.Frequency((3, Gen.OneOf("pryv.yml", "core/conf/core.yml", "a b/ä.conf", "é/日本.yml")), (2, Gen.String[1, 40]));
        Gen.Select(path, Gen.Byte.Array[0, 300], Gen.Bool).Array[0, 12].Sample(
            files =>
            {
                var (map, secrets) = Version(files);

                VersionDigest.Compute(map, secrets).Should().Be(Reference(map, secrets));
            },
            iter: 2_000);
        VersionDigest.Compute(Files(("b.conf", "2"), ("a.conf", "1")), NoSecrets)
            .Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                [.. "a.conf"u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, .. "1"u8, .. "b.conf"u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, .. "2"u8])));
    }

    private enum Hint
    {
        Sorted,
        Reversed,
        Duplicated,
        Dropped,
        Extra,
        Replaced,
    }

    /// <summary>A version's files as generated: paths (common ones and any text), contents, secret flags.</summary>
    private static readonly Gen<(string, byte[], bool)[]> GeneratedFiles =
        Gen.Select(Gen.Frequency((3, Gen.OneOf("pryv.yml", "core/conf/core.yml", "a b/ä.conf", "é/日本.yml")), (2, Gen.String[1, 40])), Gen.Byte.Array[0, 300], Gen.Bool)
            .Array[1, 12];

    /// <summary>An order given for the paths <paramref name="sorted"/>, right or wrong as <paramref name="hint"/> says, at index <paramref name="at"/>.</summary>
    private static string[] Hinted(string[] sorted, Hint hint, int at)
    {
        var i = at % sorted.Length;
        return hint switch
        {
            Hint.Sorted => [.. sorted],
            Hint.Reversed => [.. sorted.Reverse()],
            Hint.Duplicated => [.. sorted.Select((p, j) => j == (i + 1) % sorted.Length ? sorted[i] : p)],
            Hint.Dropped => [.. sorted.Where((_, j) => j != i)],
            Hint.Extra => [.. sorted, "zzz-not-a-file"],
            _ => [.. sorted.Select((p, j) => j == i ? p + "x" : p)],
        };
    }

    [Fact]
    public void Compute_AnyOrderGiven_TheSameDigestAndTheSortedOrderBack()
    {
        // The order of the version a follower held is a hint for the next one: a wrong hint never changes the digest.
        Gen.Select(GeneratedFiles, Gen.Enum<Hint>(), Gen.Int[0, 11]).Sample(
            (files, hint, at) =>
            {
                var (map, secrets) = Version(files);
                var sorted = map.Keys.Order(StringComparer.Ordinal).ToArray();
                string[]? order = Hinted(sorted, hint, at);

                VersionDigest.Compute(map, secrets, ref order).Should().Be(Reference(map, secrets));
                order.Should().Equal(sorted);
            },
            iter: 2_000);
    }

    [Fact]
    public void Compute_VersionLargerThanOneBuffer_TheSameCanonicalForm()
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["big.bin"] = Enumerable.Range(0, 5 * 1024 * 1024).Select(i => (byte)i).ToArray(),
            ["a.conf"] = Encoding.UTF8.GetBytes("1"),
        };
        var secrets = new HashSet<string>(StringComparer.Ordinal) { "a.conf" };

        VersionDigest.Compute(files, secrets).Should().Be(Reference(files, secrets));
        foreach (var given in new[] { new[] { "big.bin", "a.conf" }, ["a.conf", "big.bin"] })
        {
            var order = given;
            VersionDigest.Compute(files, secrets, ref order!).Should().Be(Reference(files, secrets), "an order given, right or wrong, changes nothing");
            order.Should().Equal("a.conf", "big.bin");
        }
    }

    [Fact]
    public void Compute_OrderGivenOfAnOrdinalVersion_KeptWithTheContentsInThatOrder()
    {
        var files = Files(("b.conf", "2"), ("a.conf", "1"));
        string[] hint = ["a.conf", "b.conf"];
        var order = hint;

        VersionDigest.Compute(files, NoSecrets, ref order!, out var contents).Should().Be(Reference(files, NoSecrets));

        order.Should().BeSameAs(hint, "the order given is the version's: not sorted again");
        contents.Should().HaveCount(2);
        contents[0].Should().BeSameAs(files["a.conf"]);
        contents[1].Should().BeSameAs(files["b.conf"]);
    }

    [Fact]
    public void Compute_OrderGivenOfAVersionWhosePathsMatchInAnyCase_NotTaken()
    {
        // A lookup that matches another text than the path given would hash that text: only an ordinal version takes an order.
        var files = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase) { ["a.conf"] = [1], ["b.conf"] = [2] };
        string[]? order = ["A.conf", "B.conf"];

        VersionDigest.Compute(files, NoSecrets, ref order).Should().Be(VersionDigest.Compute(files, NoSecrets));
        order.Should().Equal("a.conf", "b.conf");
    }

    /// <summary>Generated files as a version's files and secret files (a path generated twice keeps its last content).</summary>
    private static (Dictionary<string, byte[]> Files, HashSet<string> Secrets) Version((string Path, byte[] Content, bool Secret)[] files)
    {
        var map = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (p, content, secret) in files)
        {
            map[p] = content;
            if (secret)
            {
                secrets.Add(p);
            }
        }

        return (map, secrets);
    }

    private static string Reference(Dictionary<string, byte[]> files, HashSet<string> secrets)
    {
        var bytes = new List<byte>();
        foreach (var path in files.Keys.Order(StringComparer.Ordinal))
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(path));
            bytes.Add(0);
            bytes.Add(secrets.Contains(path) ? (byte)1 : (byte)0);
            var length = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(length, files[path].LongLength);
            bytes.AddRange(length);
            bytes.AddRange(files[path]);
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes.ToArray()));
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

    /// <summary>
    /// The signature's exact bytes, computed apart from this code (Python's <c>hmac</c> over the documented messages):
    /// followers and leaders of different releases verify each other's signatures, so the format must never drift.
    /// </summary>
    [Theory]
    [InlineData(null, "3ab08f618074781d1d18e114711e265bc566cc81087efd73a042553eea86a3ef")]
    [InlineData("", "3a97d086848449fd01af695b9660c87cb73f9db899828c67485574b9c98a254b")]
    [InlineData("""{"nginx":{"reload":{"action":"restart"}}}""", "11ed9ea600861ca408e87b1e230bca24738fd692731fec66beb5cdcf012a9d30")]
    public void Sign_KnownInputs_TheDocumentedFormatsBytes(string? components, string expected)
    {
        const string key = "key-of-follower-1-0123456789";

        VersionSignature.Sign(key, "core", 7, 4, "ABC", components).Should().Be(expected);
        VersionSignature.SignDigested(key, "core", 7, 4, "abc", components is null ? null : VersionSignature.ComponentsDigest(components)).Should().Be(expected);
        VersionSignature.VerifyDigested(key, "core", 7, 4, "abc", expected, components is null ? null : VersionSignature.ComponentsDigest(components)).Should().BeTrue();
    }

    [Fact]
    public void Verify_MissingSignature_Fails()
    {
        VersionSignature.Verify("key-of-follower-1", "core", 7, 4, "abc", null).Should().BeFalse();
        VersionSignature.Verify("key-of-follower-1", "core", 7, 4, "abc", "zz").Should().BeFalse();
    }
}
