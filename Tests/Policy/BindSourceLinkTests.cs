using PryvBus.Follower.Policy;
using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Policy;

/// <summary>
/// A bind source inside the root by its name but leading out of it through a symbolic link on disk (a container with a
/// writable mount of the root can make one) is refused: Docker would follow the link.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class BindSourceLinkTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public void Judge_SourceThroughLinkLeavingTheRoot_Refused()
    {
        var root = _temp.Combine("pryv");
        Directory.CreateDirectory(Path.Combine(root, "core", "data"));
        File.CreateSymbolicLink(Path.Combine(root, "core", "data", "escape"), "/");
        var policy = new ComposePolicy(new ComposePolicySettings(), root);

        policy.Judge(ComposePolicyTests.Service("volumes: [\"./core/data/escape/etc:/host\"]"))!.Rule.Should().Contain("symbolic link");
        policy.Judge(ComposePolicyTests.Service("volumes: [\"./core/data:/data\", \"./core/new/:/new\"]")).Should().BeNull();
    }

    public void Dispose() => _temp.Dispose();
}
