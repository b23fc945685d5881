using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The real leader process: only <c>http.urls</c> chooses where it listens, and a start-up failure is one line on
/// stderr with a documented exit code, never a stack trace.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed partial class LeaderStartupTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private LeaderTree Tree(int port)
    {
        var tree = new LeaderTree(redis.Endpoint).Template("core", "site.conf", "server_name {{ DOMAIN }};");
        tree.Config["http"] = new JsonObject { ["urls"] = new JsonArray($"http://127.0.0.1:{port}") };
        return tree;
    }

    private static ProgramProcess Run(string config, string? workingDirectory = null, Dictionary<string, string>? environment = null) =>
        ProgramProcess.Start("Leader", "pryvbus-leader", ["run", "--config", config], workingDirectory, environment);

    [Fact]
    public async Task Run_AppsettingsAndHostingVariables_DoNotMoveTheListeningAddress()
    {
        var ports = Enumerable.Range(0, 6).Select(_ => FreePort.Next()).ToArray();
        using var tree = Tree(ports[0]);
        using var cwd = new TempDirectory();
        cwd.Write("appsettings.json", $$"""
            { "urls": "http://127.0.0.1:{{ports[1]}}",
              "Kestrel": { "Endpoints": { "Http": { "Url": "http://127.0.0.1:{{ports[2]}}" } } } }
            """);
        var environment = new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__Other__Url"] = $"http://127.0.0.1:{ports[3]}",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[4]}",
            ["DOTNET_URLS"] = $"http://127.0.0.1:{ports[5]}",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };

        using var leader = Run(tree.Save(), cwd.Path, environment);
        await Wait.UntilAsync(() => Answers(ports[0]), Timeout, $"the leader on http.urls (output: {leader.Stdout}{leader.Stderr})");

        // Kestrel binds every address before it answers on any: nothing else can appear later.
        ports.Skip(1).Where(Answers).Should().BeEmpty("only http.urls chooses where the leader listens");
    }

    [Fact]
    public async Task Run_BusyPort_ExitsWithOneLineAndCode4()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        using var tree = Tree(port);

        using var leader = Run(tree.Save());
        var code = await leader.WaitForExitAsync(Timeout);

        code.Should().Be(4, "a port that cannot be listened on is exit code 4 (output: {0}{1})", leader.Stdout, leader.Stderr);
        Lines(leader.Stderr).Should().ContainSingle().Which.Should().Contain($"cannot listen on http://127.0.0.1:{port}");
        (leader.Stdout + leader.Stderr).Should().NotContain("   at ", "no stack trace reaches the operator");
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("invalid-json")]
    [InlineData("unknown-redis")]
    public async Task Run_BadConfig_ExitsWithOneLineAndCode2(string problem)
    {
        using var tree = Tree(FreePort.Next());
        var config = tree.Save();
        switch (problem)
        {
            case "missing":
                config += ".nope";
                break;
            case "invalid-json":
                File.WriteAllText(config, "{ \"roles\": ");
                break;
            default:
                tree.Config["redis"] = "not an object";
                config = tree.Save();
                break;
        }

        using var leader = Run(config);
        var code = await leader.WaitForExitAsync(Timeout);

        code.Should().Be(2, "bad settings are exit code 2 (output: {0}{1})", leader.Stdout, leader.Stderr);
        Lines(leader.Stderr).Should().ContainSingle();
        (leader.Stdout + leader.Stderr).Should().NotContain("   at ");
    }

    [Fact]
    public async Task Run_Log_EveryLineStartsWithAUtcTimestamp()
    {
        using var tree = Tree(FreePort.Next());

        using var leader = Run(tree.Save());
        await Wait.UntilAsync(() => leader.Stdout.Contains("Stored role core", StringComparison.Ordinal), Timeout, "the first version stored");

        Lines(leader.Stdout).Should().HaveCountGreaterThan(2).And.OnlyContain(line => UtcTimestamp().IsMatch(line));
    }

    [Fact]
    public async Task Run_Sigterm_ExitsZeroWithNothingOnStderr()
    {
        var port = FreePort.Next();
        using var tree = Tree(port);
        using var leader = Run(tree.Save());
        await Wait.UntilAsync(() => Answers(port), Timeout, "the leader to listen");

        leader.Terminate();
        var code = await leader.WaitForExitAsync(Timeout);

        code.Should().Be(0);
        leader.Stderr.Should().BeEmpty();
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit) ")]
    private static partial Regex UtcTimestamp();

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool Answers(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
