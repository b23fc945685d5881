using PryvBus.Follower.Applying;
using PryvBus.Follower.Containers;

namespace PryvBus.Tests.Follower;

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
    public void Problem_UnsafePath_IsReported(string path) => PathGuard.Problem(path).Should().NotBeNull();

    [Theory]
    [InlineData("pryv.yml")]
    [InlineData("core/conf/core.yml")]
    [InlineData("nginx/conf/.htpasswd")]
    [InlineData("a/..b/c..")]
    public void Problem_SafePath_IsNull(string path) => PathGuard.Problem(path).Should().BeNull();

    [Fact]
    public void FromPaths_RootFileOrComponents_SelectsComponents()
    {
        ComponentSelection.FromPaths(["core/a.yml", "nginx/b", "core/c"]).ToString().Should().Be("core,nginx");
        ComponentSelection.FromPaths(["core/a.yml", "pryv.yml"]).All.Should().BeTrue();
        ComponentSelection.FromPaths([]).IsEmpty.Should().BeTrue();
    }
}
