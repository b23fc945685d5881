using PryvBus.Leader.Watching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>A role rendered while its inputs were being edited is not stored; the pass the edit asks for stores it.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class EditGuardTests : IDisposable
{
    private readonly LeaderTree _tree = new LeaderTree().Template("core", "site.conf", "a");
    private readonly RenderTriggers _triggers = new();
    private readonly LogCollector _logs = new();
    private readonly InputWatcher _watcher;

    public EditGuardTests()
    {
        _tree.Save();
        _watcher = new InputWatcher(_tree.ConfigPath, _tree.DataPath, TimeSpan.FromSeconds(60), _triggers, _logs.CreateLogger(nameof(InputWatcher)));
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _tree.Dispose();
    }

    [Fact]
    public async Task ForThisPass_NoEditSinceReading_Stores()
    {
        var guard = new EditGuard(_watcher);
        await guard.BeforeReadingAsync(TimeSpan.FromSeconds(10), default);

        guard.ForThisPass()!().Should().BeTrue();
    }

    [Fact]
    public async Task ForThisPass_EditWhileThePassRead_HeldOnceThenStored()
    {
        var guard = new EditGuard(_watcher);
        await guard.BeforeReadingAsync(TimeSpan.FromSeconds(10), default);
        var settled = guard.ForThisPass()!;

        await File.WriteAllTextAsync(_tree.TemplatePath("core", "site.conf"), "b");
        await Wait.UntilAsync(() => !settled(), TimeSpan.FromSeconds(10), "the watch to see the edit");

        await guard.BeforeReadingAsync(TimeSpan.FromSeconds(10), default);
        guard.ForThisPass().Should().BeNull("a pass after one that held a role back never holds back");
        await guard.BeforeReadingAsync(TimeSpan.FromSeconds(10), default);
        guard.ForThisPass().Should().NotBeNull("the pass after that checks again");
    }

    [Fact]
    public async Task Reading_AfterAnEdit_TheWatchAsksNoPassOfItsOwn()
    {
        // A SIGHUP right after an edit: its pass reads the edit, so the watch's own request for it would be a second
        // pass. A request the watch made before the guard ran (a slow machine past the 50 ms settle) is not this test's:
        // the edit is made again, up to 20 times.
        var guard = new EditGuard(_watcher);
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var requested = _logs.Ours.Count(e => e.EventId == 30);
            await File.WriteAllTextAsync(_tree.TemplatePath("core", "site.conf"), "edit " + attempt);
            await guard.BeforeReadingAsync(TimeSpan.FromSeconds(10), default);
            guard.Reading();
            if (_logs.Ours.Count(e => e.EventId == 30) > requested)
            {
                await _triggers.WaitAsync(default);
                continue;
            }

            (await _triggers.ArrivesWithinAsync(InputWatcher.Settle * 6, default)).Should().BeFalse("the pass reads the edit itself");
            return;
        }

        Assert.Fail("the watch asked before the guard ran in each of 20 attempts: no verdict on this machine");
    }

    [Fact]
    public async Task Reading_EditAfterThePassBegan_StillRequestsAPass()
    {
        var guard = new EditGuard(_watcher);
        await File.WriteAllTextAsync(_tree.TemplatePath("core", "site.conf"), "b");
        await guard.BeforeReadingAsync(TimeSpan.FromSeconds(10), default);
        guard.Reading();

        await File.WriteAllTextAsync(_tree.TemplatePath("core", "site.conf"), "c");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (await _triggers.WaitAsync(timeout.Token)).Reason.Should().Contain("site.conf");
    }

    [Fact]
    public async Task Covered_EditSeenAfterTheSnapshot_KeepsTheRequest()
    {
        // The edit lands between the pass's snapshot and the drop: the pass may not have read it.
        var seen = _watcher.Generation;
        await File.WriteAllTextAsync(_tree.TemplatePath("core", "site.conf"), "b");
        await Wait.UntilAsync(() => _watcher.Generation > seen, TimeSpan.FromSeconds(10), "the watch to see the edit");

        _watcher.Covered(seen);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (await _triggers.WaitAsync(timeout.Token)).Reason.Should().Contain("site.conf");
    }

    [Fact]
    public async Task BeforeReadingAsync_WriterOpen_WaitsForItsClose()
    {
        var guard = new EditGuard(_watcher);
        var writer = new FileStream(_tree.TemplatePath("core", "site.conf"), FileMode.Truncate, FileAccess.Write);
        await Wait.UntilAsync(() => _watcher.Generation > 0, TimeSpan.FromSeconds(10), "the watch to see the truncation");

        var reading = guard.BeforeReadingAsync(TimeSpan.FromSeconds(60), default);
        (await Task.WhenAny(reading, Task.Delay(InputWatcher.Settle * 4))).Should().NotBeSameAs(reading, "the file is still open for writing");
        await writer.DisposeAsync();

        await reading.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void ForThisPass_NoWatch_Null()
    {
        new EditGuard(null).ForThisPass().Should().BeNull();
    }
}
