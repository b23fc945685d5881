using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Audit;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Audit;

/// <summary>
/// An edit of config-leader.json is recorded once the pass that puts it in force has ended (or failed), not while that
/// pass renders and stores: the record's Redis round trips and fsyncs never stand between the operator's edit and the
/// followers (docs/performance.md, "The operator path on the real leader"). Stopping the leader records what waits.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class SettingsEditRecorderTests
{
    [Fact]
    public async Task Edit_Reloaded_RecordedWhenThePassEnds()
    {
        using var tree = new LeaderTree().Template("core", "site.conf", "{{ DOMAIN }}").Value("DOMAIN", "a.test");
        var (settings, history, audit, recorder) = await StartAsync(tree);

        tree.Value("DOMAIN", "b.test").Save();
        var loading = DateTimeOffset.UtcNow;
        settings.Reload().Should().BeTrue();
        var loaded = DateTimeOffset.UtcNow;
        audit.Entries.Should().BeEmpty("the pass that puts the edit in force has not ended");

        history.Record([]);
        await Wait.UntilAsync(() => audit.Entries.Count == 1, TimeSpan.FromSeconds(10), "the edit to be recorded");
        audit.Entries.Single().Detail.Should().EndWith("values changed: DOMAIN");
        audit.Entries.Single().At.Should().BeOnOrAfter(loading).And.BeOnOrBefore(loaded, "the entry keeps the time the edit was put in force");
        await recorder.StopAsync(CancellationToken.None);
        audit.Entries.Should().ContainSingle("each edit is recorded once");
    }

    [Fact]
    public async Task Edit_PassFails_RecordedAll_InTheirOrder()
    {
        using var tree = new LeaderTree().Template("core", "site.conf", "{{ DOMAIN }}").Value("DOMAIN", "a.test");
        var (settings, history, audit, _) = await StartAsync(tree);

        tree.Value("DOMAIN", "b.test").Save();
        settings.Reload().Should().BeTrue();
        tree.Value("EXTRA", 8080).Save();
        settings.Reload().Should().BeTrue();
        history.RecordFailure(new InvalidOperationException("Redis went away"));

        await Wait.UntilAsync(() => audit.Entries.Count == 2, TimeSpan.FromSeconds(10), "both edits to be recorded");
        audit.Entries.Select(e => e.Detail).Should().SatisfyRespectively(
            first => first.Should().EndWith("values changed: DOMAIN"),
            second => second.Should().EndWith("added: EXTRA"));
    }

    [Fact]
    public async Task Edit_LeaderStopsBeforeThePassEnds_RecordedOnStop()
    {
        using var tree = new LeaderTree().Template("core", "site.conf", "{{ DOMAIN }}").Value("DOMAIN", "a.test");
        var (settings, _, audit, recorder) = await StartAsync(tree);

        tree.Value("DOMAIN", "b.test").Save();
        settings.Reload().Should().BeTrue();
        await recorder.StopAsync(CancellationToken.None);

        audit.Entries.Should().ContainSingle().Which.Action.Should().Be("settings.edit");
    }

    private static async Task<(SettingsProvider, RenderHistory, RecordingAudit, SettingsEditRecorder)> StartAsync(LeaderTree tree)
    {
        tree.Save();
        var settings = new SettingsProvider(tree.ConfigPath, NullLogger<SettingsProvider>.Instance);
        var history = new RenderHistory();
        var audit = new RecordingAudit();
        var recorder = new SettingsEditRecorder(settings, audit, history);
        await recorder.StartAsync(CancellationToken.None);
        return (settings, history, audit, recorder);
    }

    private sealed class RecordingAudit : IAuditTrail
    {
        private readonly List<AuditEntry> _entries = [];

        public IReadOnlyList<AuditEntry> Entries
        {
            get
            {
                lock (_entries)
                {
                    return [.. _entries];
                }
            }
        }

        public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
        {
            lock (_entries)
            {
                _entries.Add(entry);
            }

            return Task.CompletedTask;
        }
    }
}
