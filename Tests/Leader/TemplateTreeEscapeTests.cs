using System.Text;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// Issue 11 review L3: the leader never opens anything outside the role's folder, not in a folder-swap race, not through
/// a hard link, a bind mount or another filesystem mounted inside the tree.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class TemplateTreeEscapeTests
{
    private static readonly string[] Probes = ["out/x.conf", "../core/sub/a.conf", "mnt/x.conf", "sub/a.conf"];

    private static RoleRender Render(LeaderTree tree)
    {
        var settings = tree.Load();
        return new TemplateRenderer().Render(settings, "core", SecretResolver.Offline(settings));
    }

    private static LeaderTree Tree() => new LeaderTree().Template("core", "core/conf/core.yml", "domain: {{ DOMAIN }}\n");

    [Fact]
    public void Read_FolderSwappedForALinkOutsideAfterTheScan_NeverOpensTheOutsideFile()
    {
        using var outside = new TempDirectory();
        var secret = outside.Write("conf/core.yml", "outside");
        using var tree = Tree();
        var root = NativeFiles.RealPath(tree.TemplatePath("core", "."))!;
        var entry = TemplateTree.Scan(root).Single(e => e.RelativePath == "core/conf/core.yml");
        Directory.Move(Path.Combine(root, "core"), Path.Combine(root, "core.moved"));
        File.CreateSymbolicLink(Path.Combine(root, "core"), outside.Path);
        using var watch = new OpenWatch(secret);

        var read = () => TemplateFileReader.Read(entry.FullPath, root);

        var refused = read.Should().Throw<IOException>().Which;
        watch.Opened().Should().BeFalse("nothing outside the role's folder may be opened, even to be refused");
        refused.Message.Should().Contain("link");
    }

    [Fact]
    public void Render_HardLinkToAFileOutside_IsAnErrorNamingTheFile()
    {
        using var outside = new TempDirectory();
        var secret = outside.Write("shadow", "root:$6$secret");
        using var tree = Tree();
        FileNodes.HardLink(tree.TemplatePath("core", "shadow.txt"), secret);

        var render = Render(tree);

        render.Version.Should().BeNull();
        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/shadow.txt: ").And.Contain("2 hard links");
    }

    [Fact]
    public void Render_HardLinkBetweenTwoFilesOfTheRole_IsAnErrorNamingBoth()
    {
        using var tree = Tree();
        FileNodes.HardLink(tree.TemplatePath("core", "copy.yml"), tree.TemplatePath("core", "core/conf/core.yml"));

        var render = Render(tree);

        render.Errors.Select(e => e.ToString()).Should().HaveCount(2)
            .And.Contain(e => e.StartsWith("data/core/copy.yml: ", StringComparison.Ordinal))
            .And.Contain(e => e.StartsWith("data/core/core/conf/core.yml: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_FileBindMountedFromOutside_IsAnErrorNamingTheFile()
    {
        using var outside = new TempDirectory();
        var secret = outside.Write("shadow", "outside");
        using var tree = Tree().Template("core", "site.conf", "placeholder");
        using var mount = TestMount.BindMount(secret, tree.TemplatePath("core", "site.conf"));

        var render = Render(tree);

        render.Version.Should().BeNull();
        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/site.conf: ").And.Contain("another filesystem");
    }

    [Fact]
    public void Render_FolderBindMountedFromOutside_IsAnErrorNamingTheFolderAndNothingOfItIsRead()
    {
        using var outside = new TempDirectory();
        var secret = outside.Write("x.conf", "outside");
        using var tree = Tree();
        Directory.CreateDirectory(tree.TemplatePath("core", "etc"));
        using var mount = TestMount.BindMount(outside.Path, tree.TemplatePath("core", "etc"));
        using var watch = new OpenWatch(secret);

        var render = Render(tree);

        render.Version.Should().BeNull();
        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/etc: ").And.Contain("another filesystem");
        watch.Opened().Should().BeFalse();
    }

    [Fact]
    public void Render_OtherFilesystemMountedInside_IsAnErrorNamingTheFolder()
    {
        using var tree = Tree();
        Directory.CreateDirectory(tree.TemplatePath("core", "tmp"));
        using var mount = TestMount.Tmpfs(tree.TemplatePath("core", "tmp"));
        File.WriteAllText(tree.TemplatePath("core", "tmp/x.conf"), "on tmpfs");

        var render = Render(tree);

        render.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("data/core/tmp: ").And.Contain("another filesystem");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Open_LinkDotDotOrMountOnTheWay_IsRefusedAndAPlainFileOpens(bool openAt2)
    {
        using var outside = new TempDirectory();
        outside.Write("x.conf", "outside");
        using var tree = Tree().Template("core", "sub/a.conf", "inside");
        File.CreateSymbolicLink(tree.TemplatePath("core", "out"), outside.Path);
        Directory.CreateDirectory(tree.TemplatePath("core", "mnt"));
        using var mount = TestMount.BindMount(outside.Path, tree.TemplatePath("core", "mnt"));
        var (root, _) = BeneathOpen.OpenFolder(NativeFiles.RealPath(tree.TemplatePath("core", "."))!);
        try
        {
            BeneathOpen.ForceWalk = !openAt2;
            var results = Probes.Select(p => BeneathOpen.Open(root, p)).ToArray();
            foreach (var (fd, _) in results.Where(r => r.Fd >= 0))
            {
                BeneathOpen.Close(fd);
            }

            results.Select(r => r.Fd >= 0).Should().Equal(false, false, false, true);
        }
        finally
        {
            BeneathOpen.ForceWalk = false;
            BeneathOpen.Close(root);
        }
    }
}
