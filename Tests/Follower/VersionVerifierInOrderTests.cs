using System.Globalization;
using System.Text;
using PryvBus.Follower.Fetching;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The contents a version put together from the held one carries in its paths' order (<see cref="FetchedVersion.ContentsInOrder"/>)
/// are what the verifier hashes, and only for the very files they were taken from: a copy of the version made with other
/// files hashes its own, so the bytes written are always the bytes verified.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class VersionVerifierInOrderTests
{
    private const string FollowerId = "core-1";
    private const string Key = "follower-key-0123456789";
    private const string Role = "core";
    private const long Serial = 7;

    private static readonly string[] Order = ["a.conf", "b.conf"];

    [Fact]
    public void Verify_ContentsGivenInOrder_AreWhatIsHashed()
    {
        // Contents that are not the files' (never made by the fetcher; here on purpose): the digest shows they were hashed.
        var files = Files("1", "2");
        var fetched = Signed(files) with { PathOrder = Order, InOrder = new VersionLayout(files, Order, [Bytes("1"), Bytes("other")]) };

        var verify = () => VersionVerifier.Verify(fetched, FollowerId, Key);

        verify.Should().Throw<VersionRejectedException>().WithMessage("*does not match its sha256*");
    }

    [Fact]
    public void Verify_CopyMadeWithOtherFiles_HashesItsOwnFiles()
    {
        // A copy with other files keeps the contents taken from the first ones: they are not its own, and not hashed.
        var files = Files("1", "2");
        var fetched = InOrderAsFetched(files);
        VersionVerifier.Verify(fetched, FollowerId, Key).Files.Should().BeSameAs(files, "the contents in order fit the files they were taken from");

        var copy = fetched with { Files = Files("1", "tampered") };

        copy.ContentsInOrder.Should().BeNull();
        var verify = () => VersionVerifier.Verify(copy, FollowerId, Key);
        verify.Should().Throw<VersionRejectedException>().WithMessage("*does not match its sha256*");
    }

    [Fact]
    public void ContentsInOrder_AnotherPathOrder_None()
    {
        // Contents are by index of the order they were laid out in: with another order they would name other paths.
        var files = Files("1", "2");
        var fetched = InOrderAsFetched(files);

        fetched.ContentsInOrder.Should().NotBeNull();
        (fetched with { PathOrder = ["b.conf", "a.conf"] }).ContentsInOrder.Should().BeNull();
    }

    /// <summary>The signed version of <paramref name="files"/> with its own contents in order, as the fetcher puts them.</summary>
    private static FetchedVersion InOrderAsFetched(Dictionary<string, byte[]> files) =>
        Signed(files) with { PathOrder = Order, InOrder = new VersionLayout(files, Order, [files[Order[0]], files[Order[1]]]) };

    private static Dictionary<string, byte[]> Files(string a, string b) =>
        new(StringComparer.Ordinal) { [Order[0]] = Bytes(a), [Order[1]] = Bytes(b) };

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>The version of <paramref name="files"/> as the leader signs it for <see cref="FollowerId"/>.</summary>
    private static FetchedVersion Signed(Dictionary<string, byte[]> files)
    {
        var sha = VersionDigest.Compute(files, new HashSet<string>(StringComparer.Ordinal));
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MetaFields.Role] = Role,
            [MetaFields.Generation] = "1",
            [MetaFields.Serial] = Serial.ToString(CultureInfo.InvariantCulture),
            [MetaFields.Sha256] = sha,
            [MetaFields.SecretFiles] = "[]",
            [MetaFields.Signature(FollowerId)] = VersionSignature.Sign(Key, Role, 1, Serial, sha),
        };
        return new FetchedVersion(Role, Serial, files, meta);
    }
}
