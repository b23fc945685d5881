using System.Text.Json.Nodes;
using PryvBus.Shared;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The real leader process takes <c>SIGHUP</c> as a request to reload its settings and render, also when it was started
/// with <c>SIGHUP</c> ignored (<c>nohup</c>, <c>trap '' HUP</c>; started here through <c>env --ignore-signal</c>, the other case through <c>--default-signal</c>, whatever the test run's own): .NET keeps an ignored signal ignored, and the leader's
/// handler then never ran (seen in the benchmark's full runs, started with <c>nohup</c>).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed partial class LeaderHangupTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sighup_AfterAnEdit_StoresTheEditedValue(bool ignoringHangup)
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "site.conf", "server_name {{ DOMAIN }};");
        tree.Config["watch"] = false; // only the signal asks for the pass
        tree.Config["checkIntervalSeconds"] = 86_400;
        var keys = new RedisKeys(tree.Prefix);
        using var leader = ProgramProcess.Start("Leader", "pryvbus-leader", ["run", "--config", tree.Save()], ignoringHangup: ignoringHangup);
        await Wait.UntilAsync(async () => await SerialAsync(keys) >= 1, Timeout, $"the first version (output: {leader.Stdout}{leader.Stderr})");

        tree.Value("DOMAIN", JsonValue.Create("edited.test"));
        tree.Save();
        leader.Hangup();

        await Wait.UntilAsync(async () => await SerialAsync(keys) >= 2, Timeout, $"the version of the edit after SIGHUP (output: {leader.Stdout}{leader.Stderr})");
        ((string?)await redis.Db.HashGetAsync(keys.Config("core", 2), "site.conf")).Should().Be("server_name edited.test;");
        leader.HasExited.Should().BeFalse("a hangup never stops the leader");
        leader.Stdout.Contains("[2504]", StringComparison.Ordinal).Should().Be(ignoringHangup, "the leader says when it takes SIGHUP back from being ignored");
    }

    [Fact]
    public async Task Sighup_WhileALeaderStartedWithItIgnoredStops_NeverKillsIt()
    {
        // A leader that took SIGHUP back from being ignored must keep taking it until it exits: a registration disposed at
        // stop leaves the default the leader set for it (which ends the process, killed by the signal).
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "site.conf", "server_name {{ DOMAIN }};");
        tree.Config["watch"] = false;
        var keys = new RedisKeys(tree.Prefix);
        using var leader = ProgramProcess.Start("Leader", "pryvbus-leader", ["run", "--config", tree.Save()], ignoringHangup: true);
        await Wait.UntilAsync(async () => await SerialAsync(keys) >= 1, Timeout, $"the first version (output: {leader.Stdout}{leader.Stderr})");

        leader.Terminate();
        var sent = 0;
        var flood = System.Diagnostics.Stopwatch.StartNew();
        while (!leader.HasExited && flood.Elapsed < Timeout)
        {
            _ = Kill(leader.Id, 1); // SIGHUP, as often as the machine sends it, from SIGTERM to the exit
            sent++;
            await Task.Yield();
        }

        (await leader.WaitForExitAsync(Timeout)).Should().Be(0, $"stopped by SIGTERM, cleanly, after {sent} SIGHUPs (output: {leader.Stdout}{leader.Stderr})");
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    private async Task<long> SerialAsync(RedisKeys keys) => (long?)await redis.Db.StringGetAsync(keys.Serial("core")) ?? 0;
}
