using System.Diagnostics;
using System.Text.Json.Nodes;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Leader.Publishing;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Versions;
using PryvBus.Shared;
using PryvBus.Shared.Events;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The leader, in-process, for one role: the steps of <c>PlatformPipeline</c> (settings reload, secrets, render,
/// store, publish) with the same classes and in the same order, plus a timestamp when the store's transaction has
/// committed, which the pipeline does not expose. Propagation is measured from that timestamp; the operator path from the
/// reload.
/// </summary>
internal sealed class LeaderDriver(SampleTree tree, IConnectionMultiplexer redis, string role)
{
    private readonly TemplateRenderer _renderer = new();
    private readonly BenchLedger _ledger = new();

    public async Task<LeaderCommit> ChangeAsync(string name, JsonNode value)
    {
        tree.SetPlatformValue(name, value);
        tree.Save(); // the operator's edit; the action (as on SIGHUP) starts with the reload
        var action = Stopwatch.GetTimestamp();
        var settings = Leader.Settings.SettingsLoader.Load(tree.ConfigPath);
        var keys = new RedisKeys(settings.KeyPrefix);
        var secrets = await new SecretVault(redis, keys).ResolverAsync(settings, role);
        var render = _renderer.Render(settings, role, secrets);
        if (!render.Succeeded)
        {
            throw new InvalidOperationException($"render of {role} failed: {string.Join('\n', render.Errors)}");
        }

        var store = new VersionStore(redis, keys, settings.HistoryLength);
        var started = Stopwatch.GetTimestamp();
        var result = await store.StoreAsync(render.Version!, settings.Followers, "benchmark", _ledger);
        var committed = Stopwatch.GetTimestamp();
        if (result.Outcome != StoreOutcome.Stored)
        {
            throw new InvalidOperationException($"{name} = {value.ToJsonString()} did not change role {role} ({result.Outcome})");
        }

        await new EventPublisher(redis, keys).PublishAsync(new ConfigEvent(role, result.Serial, result.Sha256));
        return new LeaderCommit(result.Serial, started, committed) { Action = action };
    }
}
