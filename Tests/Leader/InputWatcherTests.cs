using PryvBus.Leader.Watching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class InputWatcherTests : IDisposable
{
    private readonly LeaderTree _tree = new LeaderTree().Template("core", "nginx/conf/site.conf", "a");
    private readonly RenderTriggers _triggers = new();
    private readonly LogCollector _logs = new();
    private InputWatcher? _watcher;

    public void Dispose()
    {
        _watcher?.Dispose();
        _tree.Dispose();
    }

    private void Watch(int debounceMs)
    {
        _tree.Save();
        _watcher = new InputWatcher(_tree.ConfigPath, _tree.DataPath, TimeSpan.FromMilliseconds(debounceMs), _triggers, _logs.CreateLogger(typeof(InputWatcher).FullName!));
    }

    private async Task<string> NextRequestAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return (await _triggers.WaitAsync(timeout.Token)).Reason;
    }

    [Fact]
    public async Task TemplateEdited_RequestsARender()
    {
        Watch(50);

        await File.WriteAllTextAsync(_tree.TemplatePath("core", "nginx/conf/site.conf"), "b");

        (await NextRequestAsync()).Should().Contain("site.conf");
    }

    [Fact]
    public async Task TemplateEdited_LongMaximumDelay_RequestsWithoutWaitingIt()
    {
        // One minute: only a request once the edit settles (not after a fixed quiet period) comes before the timeout.
        Watch(60_000);

        await File.WriteAllTextAsync(_tree.TemplatePath("core", "nginx/conf/site.conf"), "b");

        (await NextRequestAsync()).Should().Contain("site.conf");
    }

    [Fact]
    public async Task SettingsEdited_RequestsARender()
    {
        Watch(50);

        _tree.Value("DOMAIN", "changed.test").Save();

        (await NextRequestAsync()).Should().Contain("config-leader.json");
    }

    [Fact]
    public async Task EditorTempFiles_AreIgnored()
    {
        Watch(200);

        _tree.Template("core", ".site.conf.swp", "swap").Template("core", "site.conf~", "backup").Template("core", "#site.conf#", "autosave");
        _tree.Template("core", "real.conf", "x");

        // The request lists every path that changed since the last one: the temp files must not be among them.
        var request = await NextRequestAsync();
        request.Should().Contain("real.conf").And.NotContain(".swp").And.NotContain("~").And.NotContain("#");
    }

    [Fact]
    public async Task BurstOfEdits_IsDebouncedIntoOneRequest()
    {
        // A long maximum delay, and a script that keeps a file open while it writes the burst: the 50 ms settle alone
        // cannot promise one request on a loaded machine (a pause longer than it splits the burst), the open writer can.
        Watch(60_000);

        await using (var script = new FileStream(_tree.TemplatePath("core", "nginx/conf/site.conf"), FileMode.Append, FileAccess.Write))
        {
            await script.WriteAsync("b"u8.ToArray());
            await script.FlushAsync();
            for (var i = 0; i < 20; i++)
            {
                _tree.Template("core", $"f{i}.conf", "x");
            }
        }

        var request = await NextRequestAsync();
        request.Should().Contain("f0.conf").And.Contain("f19.conf");

        // A marker edit after the burst: the request it causes must be the second and name only the marker.
        // A late second request from the burst would show up as a third request or as f*.conf beside the marker.
        _tree.Template("core", "marker.conf", "x");
        (await NextRequestAsync()).Should().Contain("marker.conf").And.NotMatchRegex(@"/f\d+\.conf");
        _logs.Ours.Count(e => e.EventId == 30).Should().Be(2, "the burst of 20 edits made exactly one request");
    }

    [Fact]
    public async Task TemplateWrittenInPlace_WriterPauses_NoRequestUntilItClosesTheFile()
    {
        // An editor or a script that truncates a template and writes it in two steps: rendering in between would store
        // a half-written (here empty) template. The maximum delay is long: only the close may end the wait.
        Watch(60_000);
        var path = _tree.TemplatePath("core", "nginx/conf/site.conf");

        await using (var writer = new FileStream(path, FileMode.Truncate, FileAccess.Write))
        {
            await writer.WriteAsync("half"u8.ToArray());
            await writer.FlushAsync();
            (await _triggers.ArrivesWithinAsync(InputWatcher.Settle * 6, default)).Should().BeFalse("the template is still being written");
            await writer.WriteAsync(" and the rest"u8.ToArray());
        }

        (await NextRequestAsync()).Should().Contain("site.conf");
    }

    [Fact]
    public async Task FolderCreatedAfterStart_FileInIt_RequestsARender()
    {
        Watch(50);

        Directory.CreateDirectory(Path.Combine(_tree.DataPath, "core", "new", "deeper"));
        (await NextRequestAsync()).Should().Contain("new");
        await File.WriteAllTextAsync(Path.Combine(_tree.DataPath, "core", "new", "deeper", "x.conf"), "x");

        // The folders' own events may come as a request of their own on a loaded machine: the file's follows.
        string request;
        do
        {
            request = await NextRequestAsync();
        }
        while (!request.Contains("x.conf", StringComparison.Ordinal));
        request.Should().Contain("new/deeper/x.conf", "the new folders are watched as well");
    }

    [Fact]
    public async Task TemplateRenamedIntoPlaceOrDeleted_RequestsARender()
    {
        Watch(50);
        var path = _tree.TemplatePath("core", "nginx/conf/site.conf");

        await File.WriteAllTextAsync(path + ".tmp", "b");
        File.Move(path + ".tmp", path, overwrite: true);
        (await NextRequestAsync()).Should().Contain("site.conf");
        File.Delete(path);

        (await NextRequestAsync()).Should().Contain("site.conf");
    }
}
