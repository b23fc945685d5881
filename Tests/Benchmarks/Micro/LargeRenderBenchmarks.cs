using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using PryvBus.Benchmarks.EndToEnd;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Benchmarks.Micro;

/// <summary>
/// The render of the 500-template role (<see cref="LargeRoleBench"/>) when one value changed: each call renders with the
/// other of two settings that differ by one value, so one file is rendered and the other 499 are found unchanged (the
/// tree walked, each template's identity compared, its inputs checked). The renderer's clock runs a second ahead, so the
/// templates just written count as settled from the first call.
/// </summary>
public class LargeRenderBenchmarks
{
    private const string Role = "large";
    private readonly TemplateRenderer _renderer = new(new LaterClock(TimeSpan.FromSeconds(1)));
    private SampleTree? _tree;
    private LeaderSettings[] _settings = [];
    private SecretResolver? _secrets;
    private int _call;

    [GlobalSetup]
    public void Setup()
    {
        (_tree, _settings) = Large();
        _secrets = SecretResolver.Offline(_settings[0]);
    }

    /// <summary>The single-node sample plus the role, and its settings before and after one value's change.</summary>
    private static (SampleTree Tree, LeaderSettings[] Settings) Large()
    {
        var tree = new SampleTree(RepoPaths.SingleNode, "127.0.0.1:1", "micro-large");
        LargeRoleTemplates.WriteAsync(tree, Role, LargeRoleBench.Templates).GetAwaiter().GetResult();
        var first = tree.Load();
        tree.SetPlatformValue("LARGE_7", JsonValue.Create(7));
        return (tree, [first, tree.Load()]);
    }

    [GlobalCleanup]
    public void Cleanup() => _tree?.Dispose();

    [Benchmark]
    public RoleRender RenderOneValueChanged() => _renderer.Render(_settings[_call++ % 2], Role, _secrets!);
}
