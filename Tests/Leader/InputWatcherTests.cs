using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Watching;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

public class InputWatcherTests
{
    private static async Task<string> NextRequestAsync(RenderTriggers triggers)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await triggers.WaitAsync(timeout.Token);
    }

    [Fact]
    public async Task TemplateEdited_RequestsARender()
    {
        using var tree = new LeaderTree().Template("core", "nginx/conf/site.conf", "a");
        tree.Save();
        var triggers = new RenderTriggers();
        using var watcher = new InputWatcher(tree.ConfigPath, tree.DataPath, TimeSpan.FromMilliseconds(50), triggers, NullLogger.Instance);

        await File.WriteAllTextAsync(tree.TemplatePath("core", "nginx/conf/site.conf"), "b");

        (await NextRequestAsync(triggers)).Should().Contain("site.conf");
    }

    [Fact]
    public async Task SettingsEdited_RequestsARender()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "a");
        tree.Save();
        var triggers = new RenderTriggers();
        using var watcher = new InputWatcher(tree.ConfigPath, tree.DataPath, TimeSpan.FromMilliseconds(50), triggers, NullLogger.Instance);

        tree.Value("DOMAIN", "changed.test").Save();

        (await NextRequestAsync(triggers)).Should().Contain("config-leader.json");
    }

    [Fact]
    public async Task EditorTempFiles_AreIgnored()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "a");
        tree.Save();
        var triggers = new RenderTriggers();
        using var watcher = new InputWatcher(tree.ConfigPath, tree.DataPath, TimeSpan.FromMilliseconds(200), triggers, NullLogger.Instance);

        tree.Template("core", ".a.conf.swp", "swap").Template("core", "a.conf~", "backup").Template("core", "#a.conf#", "autosave");
        tree.Template("core", "real.conf", "x");

        // The request lists every path that changed since the last one: the temp files must not be among them.
        var request = await NextRequestAsync(triggers);
        request.Should().Contain("real.conf").And.NotContain(".swp").And.NotContain("~").And.NotContain("#");
    }

    [Fact]
    public async Task BurstOfEdits_IsDebouncedIntoOneRequest()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "a");
        tree.Save();
        var triggers = new RenderTriggers();
        using var watcher = new InputWatcher(tree.ConfigPath, tree.DataPath, TimeSpan.FromMilliseconds(1000), triggers, NullLogger.Instance);

        for (var i = 0; i < 20; i++)
        {
            tree.Template("core", $"f{i}.conf", "x");
        }

        var request = await NextRequestAsync(triggers);
        request.Should().Contain("f0.conf").And.Contain("f19.conf");
    }
}
