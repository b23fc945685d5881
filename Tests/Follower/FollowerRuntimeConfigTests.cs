using System.Text.Json;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>
/// The runtime settings the follower is built with (<c>Follower.csproj</c>; the JIT build reads them from its
/// <c>runtimeconfig.json</c>, the Native AOT build has them compiled in from the same items).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class FollowerRuntimeConfigTests
{
    private const string SpinLimit = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    private const string FileLocking = "System.IO.DisableFileLocking";

    [Fact]
    public void RuntimeConfig_ThreadPoolSpinLimit_Zero()
    {
        // Half of the follower's CPU per change was its idle workers calling sched_yield (docs/performance.md).
        var limit = Property(SpinLimit);

        limit.GetInt32().Should().Be(0);
    }

    [Fact]
    public void RuntimeConfig_FileLocking_Disabled()
    {
        // Two flock calls for each file opened, eight per change, and none ever excluded anything (docs/performance.md).
        var disabled = Property(FileLocking);

        disabled.GetBoolean().Should().BeTrue();
    }

    private static JsonElement Property(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "pryvbus-follower.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        properties.TryGetProperty(name, out var value).Should().BeTrue(because: $"{path} should set {name}");
        return value.Clone();
    }
}
