using CsCheck;
using PryvBus.Shared.Versions;

namespace PryvBus.Tests.Shared;

/// <summary>The digest with the contents given in the paths' order (a follower's version put together from the one it holds).</summary>
public partial class VersionDigestTests
{
    [Fact]
    public void Compute_AnyOrderGivenWithItsContents_TheSameDigestAndContents()
    {
        // Right or wrong, an order with the contents of its paths (as the files hold them; a path they lack: none) never
        // changes the digest, and the contents come back in the sorted order.
        Gen.Select(GeneratedFiles, Gen.Enum<Hint>(), Gen.Int[0, 11]).Sample(
            (files, hint, at) =>
            {
                var (map, secrets) = Version(files);
                var sorted = map.Keys.Order(StringComparer.Ordinal).ToArray();
                string[]? order = Hinted(sorted, hint, at);
                var inOrder = order.Select(p => map.GetValueOrDefault(p)!).ToArray();

                VersionDigest.Compute(map, secrets, ref order, inOrder, out var contents).Should().Be(Reference(map, secrets));

                order.Should().Equal(sorted);
                contents.Should().HaveCount(sorted.Length);
                for (var j = 0; j < sorted.Length; j++)
                {
                    contents[j].Should().BeSameAs(map[sorted[j]]);
                }
            },
            iter: 2_000);
    }

    [Fact]
    public void Compute_ContentsGivenInTheirOrder_HashedWithoutLookingThePathsUp()
    {
        // The caller vouches for the contents it gives: broken on purpose here, the digest shows which bytes were hashed.
        var files = Files(("a.conf", "1"), ("b.conf", "2"));
        string[]? order = ["a.conf", "b.conf"];
        byte[][] given = ["1"u8.ToArray(), "other"u8.ToArray()];

        VersionDigest.Compute(files, NoSecrets, ref order, given, out var contents)
            .Should().Be(VersionDigest.Compute(Files(("a.conf", "1"), ("b.conf", "other")), NoSecrets));

        contents[1].Should().BeSameAs(given[1]);
    }

    [Theory]
    [InlineData("not ascending")]
    [InlineData("one missing")]
    [InlineData("one too few")]
    public void Compute_ContentsGivenThatDoNotFit_TheFilesOwnDigest(string misfit)
    {
        // Contents that cannot be the order's are not hashed, even when they lie: the files are laid out themselves, in a
        // buffer of their own size (the lies here are shorter than the files).
        var files = Files(("a.conf", new string('a', 500)), ("b.conf", "2"));
        string[]? order = misfit == "not ascending" ? ["b.conf", "a.conf"] : ["a.conf", "b.conf"];
        byte[][] given = misfit switch
        {
            "not ascending" => [[], []],
            "one missing" => [[], null!],
            _ => [[]],
        };

        VersionDigest.Compute(files, NoSecrets, ref order, given, out var contents).Should().Be(Reference(files, NoSecrets));

        order.Should().Equal("a.conf", "b.conf");
        contents.Should().HaveCount(2);
        contents[0].Should().BeSameAs(files["a.conf"]);
        contents[1].Should().BeSameAs(files["b.conf"]);
    }
}
