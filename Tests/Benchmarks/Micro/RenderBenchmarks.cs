using BenchmarkDotNet.Attributes;
using PryvBus.Benchmarks.Infrastructure;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;

namespace PryvBus.Benchmarks.Micro;

/// <summary>Rendering one role of the whole sample: read the template files, parse, render strictly.</summary>
public class RenderBenchmarks
{
    private readonly TemplateRenderer _renderer = new();
    private SampleTree? _tree;
    private LeaderSettings? _settings;
    private SecretResolver? _secrets;

    [ParamsSource(nameof(Roles))]
    public string Role { get; set; } = string.Empty;

    public static IEnumerable<string> Roles() => MicroSample.Roles();

    [GlobalSetup]
    public void Setup()
    {
        (_tree, _settings) = MicroSample.Whole();
        _secrets = SecretResolver.Offline(_settings);
    }

    [GlobalCleanup]
    public void Cleanup() => _tree?.Dispose();

    [Benchmark]
    public RoleRender Render() => _renderer.Render(_settings!, Role, _secrets!);
}
