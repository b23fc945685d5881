using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Settings;
using PryvBus.Shared;
using StackExchange.Redis;

namespace PryvBus.Benchmarks.EndToEnd;

/// <summary>
/// The leader, in-process, as its loop runs a pass on <c>SIGHUP</c>: <see cref="SettingsProvider.Reload"/>, then
/// <see cref="PlatformPipeline.RunAsync"/> over every role (secrets, render reusing unchanged files, the state folder's
/// serial record under its lock, store, publish). One pipeline object serves every change, as in the leader process.
/// The commit time is when the pipeline logs the role as stored (EXEC answered); the event, published by that same
/// transaction, reaches a subscriber in the harness (<see cref="EventClock"/>) at about the time it reaches the followers,
/// before the leader hears EXEC's answer. Not included: the leader process's ACL provisioning (which an operator's change
/// runs after its store unless the followers changed) and its trigger queue.
/// </summary>
internal sealed class LeaderDriver(SampleTree tree, IConnectionMultiplexer redis, string role) : IDisposable
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);
    private readonly CommitClock _clock = new();
    private readonly EventClock _events = EventClock.Start(redis.GetEndPoints()[0], new RedisKeys(tree.Prefix).Events);
    private SettingsProvider? _settings;
    private PlatformPipeline? _pipeline;

    public async Task<LeaderCommit> ChangeAsync(string name, JsonNode value)
    {
        _settings ??= new SettingsProvider(tree.ConfigPath, NullLogger<SettingsProvider>.Instance);
        _pipeline ??= new PlatformPipeline(redis, _clock);
        tree.SetPlatformValue(name, value);
        tree.Save(); // the operator's edit; the action (as on SIGHUP) starts with the reload
        var action = Stopwatch.GetTimestamp();
        if (!_settings.Reload())
        {
            throw new InvalidOperationException($"the settings of {tree.ConfigPath} did not reload");
        }

        var reports = await _pipeline.RunAsync(_settings.Current, "SIGHUP", trustStored: true);
        var report = reports.Single(r => r.Role == role);
        if (!report.Stored)
        {
            throw new InvalidOperationException($"{name} = {value.ToJsonString()} did not change role {role} ({report.Store?.Outcome.ToString() ?? "render failed"})");
        }

        // The leader's own part up to the commit is reload → EXEC answered.
        // The clock's thread may wake late on a loaded machine; the commit's answer bounds it (the event went out before).
        var arrived = await _events.ArrivalAsync(role, report.Store!.Serial, EventTimeout);
        return new LeaderCommit(report.Store.Serial, action, _clock.LastCommitted)
        {
            Action = action,
            Announced = Math.Min(arrived, _clock.LastCommitted),
        };
    }

    public void Dispose() => _events.Dispose();
}
