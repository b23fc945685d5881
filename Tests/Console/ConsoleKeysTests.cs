using System.Net;
using System.Text.Json.Nodes;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Console;

/// <summary>
/// The console's form and session keys live in the leader's memory only: a real leader process that served a form
/// writes no key ring anywhere, not even under its home folder (ASP.NET's default key store is
/// <c>$HOME/.aspnet/DataProtection-Keys</c>, where a key would sit unencrypted on Linux).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ConsoleKeysTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_ServingAForm_WritesNoKeyToDisk()
    {
        var port = FreePort.Next();
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "site.conf", "server_name {{ DOMAIN }};");
        tree.Config["http"] = new JsonObject { ["urls"] = new JsonArray($"http://127.0.0.1:{port}") };
        using var home = new TempDirectory();
        var environment = new Dictionary<string, string> { ["HOME"] = home.Path, ["XDG_DATA_HOME"] = home.Path };
        using var leader = ProgramProcess.Start("Leader", "pryvbus-leader", ["run", "--config", tree.Save()], home.Path, environment);
        using var client = new ConsoleClient(new Uri($"http://127.0.0.1:{port}"));

        await Wait.UntilAsync(async () => await Served(client), Timeout, $"the console's sign-in form (output: {leader.Stdout}{leader.Stderr})");
        client.FormToken.Should().NotBeNullOrEmpty("the form carries a token made with the console's keys");
        leader.Terminate();
        (await leader.WaitForExitAsync(Timeout)).Should().Be(0, leader.Stderr);

        Directory.EnumerateFileSystemEntries(home.Path, "*", SearchOption.AllDirectories)
            .Should().BeEmpty("the console's keys never leave the leader's memory");
    }

    private static async Task<bool> Served(ConsoleClient client)
    {
        try
        {
            var (response, _) = await client.GetAsync("/console/login");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
