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

    [Fact]
    public void RuntimeConfig_ThreadPoolSpinLimit_Zero()
    {
        // Half of the follower's CPU per change was its idle workers calling sched_yield (docs/performance.md).
        var path = Path.Combine(AppContext.BaseDirectory, "pryvbus-follower.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));

        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        properties.TryGetProperty(SpinLimit, out var limit).Should().BeTrue(because: $"{path} should set {SpinLimit}");
        limit.GetInt32().Should().Be(0);
    }
}
