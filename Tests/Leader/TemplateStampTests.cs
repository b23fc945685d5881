using System.Text;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The renderer reads a template again only when its file changed: the listing's identity of the file (inode, size,
/// modification and change times) equal to the one read last time, and settled, stands for the same bytes. Every test
/// runs with a clock ahead (<see cref="LaterClock"/>), so every file counts as settled: each fails if the cache trusted
/// more than the identity.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class TemplateStampTests : IDisposable
{
    private static readonly byte[] Binary = [0, 1, 2, 3, 0, 5];
    private readonly LeaderTree _tree = new LeaderTree()
        .Value("A", "x")
        .Template("core", "a.conf", "{{ A }}-1")
        .Template("core", "sub/deep/b.conf", "{{ A }}-2")
        .Binary("core", "blob.bin", Binary);

    private readonly TemplateRenderer _renderer = new(new LaterClock(TimeSpan.FromSeconds(10)));

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Render_UnchangedTemplate_IsNotReadAgain()
    {
        var settings = _tree.Load();
        var first = Render(settings);
        var second = Render(settings);

        // A binary file's bytes are the version's: the same array means the file was not read again.
        second.Version!.Files["blob.bin"].Should().BeSameAs(first.Version!.Files["blob.bin"]);
    }

    [Fact]
    public async Task Render_EditKeepingSizeAndModificationSecond_IsPickedUp()
    {
        var settings = _tree.Load();
        Text(Render(settings), "a.conf").Should().Be("x-1");
        var path = _tree.TemplatePath("core", "a.conf");
        var modified = File.GetLastWriteTimeUtc(path);

        await LaterClock.NextTickAsync();
        await File.WriteAllTextAsync(path, "{{ A }}-9");
        File.SetLastWriteTimeUtc(path, modified);

        Text(Render(settings), "a.conf").Should().Be("x-9");
    }

    [Fact]
    public async Task Render_BinaryRewrittenInPlace_IsPickedUp()
    {
        var settings = _tree.Load();
        Render(settings);
        var path = _tree.TemplatePath("core", "blob.bin");

        await LaterClock.NextTickAsync();
        await File.WriteAllBytesAsync(path, [0, 9, 9, 9, 0, 5]);
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(-30));

        Render(settings).Version!.Files["blob.bin"].Should().Equal(0, 9, 9, 9, 0, 5);
    }

    [Fact]
    public void Render_TemplateReplacedByLinkOutside_IsRefused()
    {
        var settings = _tree.Load();
        Render(settings).Succeeded.Should().BeTrue();
        var path = _tree.TemplatePath("core", "sub/deep/b.conf");
        var outside = Path.Combine(_tree.DataPath, "outside.conf");
        File.WriteAllText(outside, "{{ A }}-2");
        File.Delete(path);
        File.CreateSymbolicLink(path, outside);

        var render = Render(settings);

        render.Succeeded.Should().BeFalse();
        render.Errors.Should().ContainSingle().Which.ToString().Should().Contain("sub/deep/b.conf").And.Contain("outside the role's folder");
    }

    [Fact]
    public void Render_FolderReplacedByLink_IsRefused()
    {
        var settings = _tree.Load();
        Render(settings).Succeeded.Should().BeTrue();
        var folder = _tree.TemplatePath("core", "sub");
        var moved = Path.Combine(_tree.DataPath, "elsewhere");
        Directory.Move(folder, moved);
        Directory.CreateSymbolicLink(folder, moved);

        var render = Render(settings);

        render.Succeeded.Should().BeFalse();
        render.Errors.Should().ContainSingle().Which.ToString().Should().Contain("core/sub");
    }

    [Fact]
    public void Render_TemplateGivenAHardLink_IsRefused()
    {
        var settings = _tree.Load();
        Render(settings).Succeeded.Should().BeTrue();
        var path = _tree.TemplatePath("core", "a.conf");
        Link(path, Path.Combine(_tree.DataPath, "a-link.conf"));

        var render = Render(settings);

        render.Errors.Should().ContainSingle().Which.ToString().Should().Contain("a.conf").And.Contain("hard links");
    }

    [Fact]
    public void Render_FileAddedAndRemoved_ListingFollows()
    {
        var settings = _tree.Load();
        Render(settings);
        _tree.Template("core", "sub/deep/new.conf", "{{ A }}-3");
        File.Delete(_tree.TemplatePath("core", "a.conf"));

        var files = Render(settings).Version!.Files.Keys;

        files.Should().Contain("sub/deep/new.conf").And.NotContain("a.conf");
    }

    [Fact]
    public void Render_NameTheFollowerRefusesAddedLater_IsRefused()
    {
        // Paths read before skip the path rule (it depends on the path alone): a new one must not.
        var settings = _tree.Load();
        Render(settings).Succeeded.Should().BeTrue();
        _tree.Template("core", "sub/deep/a\tb.conf", "{{ A }}");

        var render = Render(settings);

        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/sub/deep/a\\tb.conf: ").And.Contain("name not allowed");
    }

    private RoleRender Render(LeaderSettings settings) =>
        _renderer.Render(settings, "core", new SecretResolver(settings, new Dictionary<string, string>(), new Dictionary<string, string>(), default(RedisKey), default(RedisKey), _ => null, "core"));

    private static string Text(RoleRender render, string file) => Encoding.UTF8.GetString(render.Version!.Files[file]);

    private static void Link(string existing, string added)
    {
        using var process = System.Diagnostics.Process.Start("ln", [existing, added]);
        process.WaitForExit();
        process.ExitCode.Should().Be(0);
    }
}
