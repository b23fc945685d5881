using System.Net.Sockets;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

/// <summary>No daemon behind the endpoint: the restart must stay pending, without an exception (how fast is the benchmark's business).</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class DockerRestarterUnreachableTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task RestartAsync_SocketPathMissing_ReturnsPending()
    {
        var results = await RestartAgainst("unix://" + _temp.Combine("missing.sock"), ["web", "db"]);

        results.Select(r => r.Component).Should().Equal("web", "db");
        results.Should().OnlyContain(r => r.IsPending && r.Error!.StartsWith("pending: docker unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestartAsync_SocketClosesConnections_ReturnsPending()
    {
        var path = _temp.Combine("closing.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        using var stop = new CancellationTokenSource();
        var closer = CloseEveryConnectionAsync(listener, stop.Token);

        var results = await RestartAgainst("unix://" + path, ["web"]);

        results.Single().IsPending.Should().BeTrue();
        await stop.CancelAsync();
        await closer;
    }

    [Fact]
    public async Task RestartAllAsync_SocketPathMissing_ReturnsOnePendingResult()
    {
        var settings = new ContainerSettings { Endpoint = "unix://" + _temp.Combine("missing.sock") };
        using var restarter = TestRestarter.Create(settings);

        var results = await restarter.RestartAllAsync(TestRestarter.Deadline());

        results.Should().ContainSingle().Which.Should().Match<ComponentRestartResult>(r =>
            r.Component == DockerRestarter.AllComponents && r.Outcome == RestartOutcome.Pending);
    }

    public void Dispose() => _temp.Dispose();

    private static async Task<IReadOnlyList<ComponentRestartResult>> RestartAgainst(string endpoint, string[] components)
    {
        using var restarter = TestRestarter.Create(new ContainerSettings { Endpoint = endpoint });
        return await restarter.RestartAsync(components, TestRestarter.Deadline());
    }

    private static async Task CloseEveryConnectionAsync(Socket listener, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                using var connection = await listener.AcceptAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
    }
}
