using System.Text.Json;
using PryvBus.Leader.Commands;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Rollout;

/// <summary>The convergence table (<c>status</c>) shows each follower's wave while its role's rollout is active.</summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RolloutStatusTableTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Status_RolloutActive_ShowsEachFollowersWave()
    {
        using var s = new RolloutScenario(redis, soakSeconds: 0);
        await s.RenderAsync("v1");
        await s.StepAsync();

        var (_, table) = await RunAsync("status", "--config", s.ConfigPath);
        var json = JsonDocument.Parse((await RunAsync("status", "--json", "--config", s.ConfigPath)).Output).RootElement;

        table.Should().Contain("WAVE");
        Line(table, "core-1").Should().EndWith("1/2 admitted");
        Line(table, "core-3").Should().EndWith("2/2 waiting");
        json.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "core-2").GetProperty("wave").GetString().Should().Be("2/2 waiting");
    }

    [Fact]
    public async Task Status_RolloutPausedThenDone_ShowsThePhaseThenNoWave()
    {
        using var s = new RolloutScenario(redis, soakSeconds: 0);
        await s.RenderAsync("v1");
        await s.StepAsync();
        await RunAsync("rollout", "pause", "core", "--config", s.ConfigPath);

        Line((await RunAsync("status", "--config", s.ConfigPath)).Output, "core-2").Should().EndWith("2/2 waiting, paused");

        await RunAsync("rollout", "promote", "core", "--config", s.ConfigPath);
        var json = JsonDocument.Parse((await RunAsync("status", "--json", "--config", s.ConfigPath)).Output).RootElement;
        json.EnumerateArray().Should().OnlyContain(r => r.GetProperty("wave").ValueKind == JsonValueKind.Null, "a finished rollout has no wave to show");
    }

    private static string Line(string table, string id) =>
        table.Split('\n').Select(l => l.TrimEnd()).Single(l => l.StartsWith(id + " ", StringComparison.Ordinal));

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output + error.ToString());
    }
}
