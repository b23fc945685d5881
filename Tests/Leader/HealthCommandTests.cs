using System.Net;
using System.Text.Json.Nodes;
using PryvBus.Leader.Commands;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary><c>pryvbus-leader health</c>: the container health check asks the running leader's <c>GET /health</c>.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class HealthCommandTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7070", "http://127.0.0.1:7070/health")]
    [InlineData("http://0.0.0.0:7070/", "http://127.0.0.1:7070/health")]
    [InlineData("http://*:7070", "http://127.0.0.1:7070/health")]
    [InlineData("http://+:80/pryvbus", "http://127.0.0.1/pryvbus/health")]
    [InlineData("https://[::]:7443", "https://127.0.0.1:7443/health")]
    [InlineData("http://[::1]:7070", "http://[::1]:7070/health")]
    public void HealthUrl_ListenUrl_AsksLoopbackForWildcards(string listen, string expected) =>
        HealthCommand.HealthUrl(listen).Should().Be(new Uri(expected));

    [Theory]
    [InlineData(HttpStatusCode.OK, 0)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 1)]
    public async Task Run_LeaderAnswers_ExitCodeFollowsTheStatus(HttpStatusCode status, int exit)
    {
        using var tree = new LeaderTree();
        using var output = new StringWriter();

        (await HealthCommand.RunAsync(tree.Load(), output, new Answer(status))).Should().Be(exit);
        output.ToString().Should().StartWith("http://127.0.0.1:7070/health: " + (int)status);
    }

    [Fact]
    public async Task Run_NothingListening_ReturnsOne()
    {
        using var tree = new LeaderTree();
        tree.Config["http"] = new JsonObject { ["urls"] = new JsonArray("http://127.0.0.1:1") };
        using var output = new StringWriter();
        using var error = new StringWriter();

        (await LeaderCommandLine.RunAsync(["health", "--config", tree.Save()], output, error)).Should().Be(1, error.ToString());
        output.ToString().Should().StartWith("http://127.0.0.1:1/health: ");
    }

    [Fact]
    public async Task Run_HttpDisabled_HasNothingToAsk()
    {
        using var tree = new LeaderTree();
        tree.Config["http"] = new JsonObject { ["enabled"] = false };
        using var output = new StringWriter();

        (await HealthCommand.RunAsync(tree.Load(), output)).Should().Be(0);
    }

    private sealed class Answer(HttpStatusCode status) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent("""{"status":"ok"}""") });
    }
}
