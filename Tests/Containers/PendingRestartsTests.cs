using PryvBus.Follower.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class PendingRestartsTests
{
    [Fact]
    public void Add_ThenNewInstance_StillOwesTheRestarts()
    {
        // Restarts owed when the follower dies (Docker was down, or it crashed right after an apply) survive it.
        using var root = new TempDirectory();
        new PendingRestarts(root.Path).Add(ComponentSelection.Of(["nginx", "core"]));

        var reloaded = new PendingRestarts(root.Path);

        reloaded.Snapshot().Components.Should().Equal("core", "nginx");
    }

    [Fact]
    public void Remove_KeepsWhatIsStillPendingAndWhatWasAddedMeanwhile()
    {
        using var root = new TempDirectory();
        var pending = new PendingRestarts(root.Path);
        pending.Add(ComponentSelection.Of(["core", "nginx"]));
        var handled = pending.Snapshot();
        pending.Add(ComponentSelection.Of(["hfs"]));

        pending.Remove(handled, ["nginx"]);

        new PendingRestarts(root.Path).Snapshot().Components.Should().Equal("hfs", "nginx");
    }

    [Fact]
    public void Add_Everything_IsKeptUntilHandled()
    {
        using var root = new TempDirectory();
        var pending = new PendingRestarts(root.Path);
        pending.Add(ComponentSelection.Everything);

        new PendingRestarts(root.Path).Snapshot().All.Should().BeTrue();
        pending.Remove(ComponentSelection.Everything, []);
        pending.IsEmpty.Should().BeTrue();
    }
}
