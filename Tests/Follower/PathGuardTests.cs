using PryvBus.Follower.Applying;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Paths;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class PathGuardTests
{
    [Theory]
    [InlineData("")]
    [InlineData("/abs")]
    [InlineData("..")]
    [InlineData("a/../../b")]
    [InlineData("a/./b")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\\b")]
    [InlineData("a\0b")]
    [InlineData(".pryvbus/manifest.json")]
    [InlineData("core/.x.pryvbus-tmp-0123")]
    [InlineData("core/a\nb.yml")]
    [InlineData("core/a\tb.yml")]
    [InlineData("core/.pryvbus/manifest.json")]
    [InlineData(".PRYVBUS/manifest.json")]
    [InlineData("core/a\u202Eb.yml")]
    [InlineData("core/a\U000E0041b.yml")] // a tag character: invisible, beyond the Basic Multilingual Plane
    [InlineData("core/a\U0001D173b.yml")] // a musical format character, beyond it too
    public void Problem_UnsafePath_IsReported(string path) => PathGuard.Problem(path).Should().NotBeNull();

    [Theory]
    [InlineData("pryv.yml")]
    [InlineData("core/conf/core.yml")]
    [InlineData("nginx/conf/.htpasswd")]
    [InlineData("a/..b/c..")]
    public void Problem_SafePath_IsNull(string path) => PathGuard.Problem(path).Should().BeNull();

    [Fact]
    public void Problem_UnpairedSurrogate_IsReported()
    {
        // Built at run time: an attribute argument cannot carry an unpaired surrogate (it becomes U+FFFD).
        PathGuard.Problem("core/a" + (char)0xD800 + "b.yml").Should().NotBeNull();
        PathGuard.Problem("core/a" + (char)0xDC00 + "b.yml").Should().NotBeNull();
        PathGuard.Problem("core/a\U0001F600b.yml").Should().BeNull();
    }

    [Fact]
    public void Problem_TooDeepOrTooLongName_IsReported()
    {
        PathGuard.Problem(string.Join('/', Enumerable.Repeat("a", 33))).Should().NotBeNull();
        PathGuard.Problem(string.Join('/', Enumerable.Repeat("a", 32))).Should().BeNull();
        PathGuard.Problem("core/" + new string('x', ConfigPath.MaxSegmentBytes + 1)).Should().NotBeNull();
        PathGuard.Problem("core/" + new string('é', ConfigPath.MaxSegmentBytes / 2 + 1)).Should().NotBeNull("the bound is in UTF-8 bytes");
        PathGuard.Problem("core/" + new string('x', ConfigPath.MaxSegmentBytes)).Should().BeNull();
    }

    [Fact]
    public void Write_LongestNameTheRuleAccepts_FitsTheWritersTemporaryName()
    {
        // The writer stages '.{name}.pryvbus-tmp-{guid}' beside the target: an accepted name must leave room for it.
        using var temp = new TempDirectory();
        var name = new string('x', ConfigPath.MaxSegmentBytes);
        var writer = new AtomicFileWriter(new FileSettings());

        writer.Write(temp.Combine(name), [1, 2, 3], FileSettings.DefaultFileMode, changeOwner: false);

        PathGuard.Problem(name).Should().BeNull();
        PathGuard.Problem(name + "x").Should().NotBeNull();
        File.ReadAllBytes(temp.Combine(name)).Should().Equal(1, 2, 3);
    }

    [Theory]
    [InlineData("state", ".pryvbus", "state/manifest.json")]
    [InlineData("state", ".pryvbus", "state/staging/core.yml")]
    [InlineData("state", ".pryvbus/staging", "state/core.yml")]
    [InlineData("conf", ".", "conf/.pryvbus/manifest.json")]
    [InlineData("deep/state", "../.pryvbus", "deep/state/manifest.json")]
    public void Resolve_ThroughInRootLinkIntoStateFolder_IsRejected(string link, string target, string path)
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("root");
        Directory.CreateDirectory(Path.Combine(root, ".pryvbus", "staging"));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, link))!);
        File.CreateSymbolicLink(Path.Combine(root, link), target);

        var act = () => PathGuard.Resolve(root, root, path);

        act.Should().Throw<VersionRejectedException>().WithMessage($"*{path}*");
    }

    [Fact]
    public void Resolve_ThroughInRootLinkStayingInside_IsAccepted()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("root");
        Directory.CreateDirectory(Path.Combine(root, "shared"));
        File.CreateSymbolicLink(Path.Combine(root, "core"), "shared");

        PathGuard.Resolve(root, root, "core/conf/core.yml").Should().Be(Path.Combine(root, "core", "conf", "core.yml"));
    }

    [Fact]
    public void FromPaths_RootFileOrComponents_SelectsComponents()
    {
        ComponentSelection.FromPaths(["core/a.yml", "nginx/b", "core/c"]).ToString().Should().Be("core,nginx");

        // pryv.yml asks for the compose step (services whose definition changed), not a restart of everything.
        var withRoot = ComponentSelection.FromPaths(["core/a.yml", "pryv.yml"]);
        withRoot.All.Should().BeFalse();
        withRoot.ComposeFile.Should().BeTrue();
        withRoot.ToString().Should().Be("core,pryv.yml");
        ComponentSelection.FromPaths(["pryv.yml"]).HasRestarts.Should().BeFalse();
        ComponentSelection.FromPaths([]).IsEmpty.Should().BeTrue();
    }
}
