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
        _watcher = new InputWatcher(_tree.ConfigPath, _tree.DataPath, TimeSpan.FromMilliseconds(debounceMs), _triggers, _logs.CreateLogger(nameof(InputWatcher)));
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
        Watch(1000);

        for (var i = 0; i < 20; i++)
        {
            _tree.Template("core", $"f{i}.conf", "x");
        }

        var request = await NextRequestAsync();
        request.Should().Contain("f0.conf").And.Contain("f19.conf");

        // A marker edit after the burst: the request it causes must be the second and name only the marker.
        // A late second request from the burst would show up as a third request or as f*.conf beside the marker.
        _tree.Template("core", "marker.conf", "x");
        (await NextRequestAsync()).Should().Contain("marker.conf").And.NotMatchRegex(@"/f\d+\.conf");
        _logs.Entries.Count(e => e.EventId == 30).Should().Be(2, "the burst of 20 edits made exactly one request");
    }
}
