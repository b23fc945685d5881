using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Fetching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// What a local user who can write in the root's folders (the files' owner, a container with a folder mounted) puts at a
/// version's path: never read, never followed out of the root; the version's file replaces it.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ApplyHostileRootTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Root => _temp.Combine("pryv");

    private static VerifiedVersion Version(long serial, params (string Path, string Text)[] files) => new(
        "core", 1, serial, "sha-" + serial,
        files.ToDictionary(f => f.Path, f => Encoding.UTF8.GetBytes(f.Text), StringComparer.Ordinal),
        new HashSet<string>(StringComparer.Ordinal));

    private ConfigApplier Applier() => new(ApplySettings.For(Root), NullLogger<ConfigApplier>.Instance);

    [Fact]
    public async Task Apply_FifoAtAPathOfTheVersion_ReplacedWithoutBlocking()
    {
        Directory.CreateDirectory(Path.Combine(Root, "core"));
        var fifo = Path.Combine(Root, "core", "a.conf");
        FileNodes.Fifo(fifo);
        using var applier = Applier();

        var apply = Task.Run(() => applier.Apply(Version(1, ("core/a.conf", "a\n"), ("core/b.conf", "b\n"))));
        var ended = await Task.WhenAny(apply, Task.Delay(TimeSpan.FromSeconds(30)));
        if (ended != apply)
        {
            // Blocked in an open of the FIFO for reading: a writer lets it go, so the test ends.
            await using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
        }

        ended.Should().BeSameAs(apply, "a FIFO at a version's path is replaced, never opened to be read");
        await apply;
        File.ReadAllText(fifo).Should().Be("a\n");
    }

    [Fact]
    public void Apply_SocketAtAPathOfTheVersion_Replaced()
    {
        Directory.CreateDirectory(Path.Combine(Root, "core"));
        var path = Path.Combine(Root, "core", "a.conf");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        using var applier = Applier();

        applier.Apply(Version(1, ("core/a.conf", "a\n")));

        File.ReadAllText(path).Should().Be("a\n");
    }
}
