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
        var (handled, mark) = pending.Begin();
        pending.Add(ComponentSelection.Of(["hfs"]));

        pending.Remove(handled, ["nginx"], mark);

        new PendingRestarts(root.Path).Snapshot().Components.Should().Equal("hfs", "nginx");
    }

    [Fact]
    public void Remove_SameComponentOwedAgainDuringItsRestart_StaysOwed()
    {
        // core's restart was taken, then a new version changed core's files while it ran (the container may have
        // started before they were written): core is owed once more. The chaos soak lost such a restart.
        using var root = new TempDirectory();
        var pending = new PendingRestarts(root.Path);
        pending.Add(ComponentSelection.Of(["core"]));
        var (handled, mark) = pending.Begin();
        pending.Add(ComponentSelection.Of(["core"]));

        pending.Remove(handled, [], mark);

        new PendingRestarts(root.Path).Snapshot().Components.Should().Equal("core");
        var (again, next) = pending.Begin();
        pending.Remove(again, [], next);
        pending.IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Remove_EverythingOrComposeOwedAgainDuringTheirPass_StayOwed()
    {
        using var root = new TempDirectory();
        var pending = new PendingRestarts(root.Path);
        pending.Add(ComponentSelection.AllComponents(composeFile: true));
        var (handled, mark) = pending.Begin();
        pending.Add(ComponentSelection.AllComponents(composeFile: true));

        pending.Remove(handled, [], mark);

        pending.Snapshot().All.Should().BeTrue();
        pending.Snapshot().ComposeFile.Should().BeTrue();
    }

    [Fact]
    public void Add_Everything_IsKeptUntilHandled()
    {
        using var root = new TempDirectory();
        var pending = new PendingRestarts(root.Path);
        pending.Add(ComponentSelection.Everything);

        new PendingRestarts(root.Path).Snapshot().All.Should().BeTrue();
        var (handled, mark) = pending.Begin();
        pending.Remove(handled, [], mark);
        pending.IsEmpty.Should().BeTrue();
    }
}
