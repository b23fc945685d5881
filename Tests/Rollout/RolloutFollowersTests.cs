using Microsoft.Extensions.DependencyInjection;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Settings;
using PryvBus.Leader.Rollout;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;

namespace PryvBus.Tests.Rollout;

/// <summary>
/// Three real in-process followers, the leader's real pipeline and rollout driver, waves [core-1] then the rest. The
/// canary's container step fails on the bad content (its follower reports <c>state=error</c>, as a revert would halt).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class RolloutFollowersTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60); // A deadline for slow, loaded machines, not a timing assertion.

    [Fact]
    public async Task Rollout_BadVersion_HaltsAfterWaveOneAndTheRestNeverWriteIt()
    {
        using var s = new RolloutScenario(redis, soakSeconds: 0);
        using var temp = new TempDirectory();
        var followers = new List<InProcessFollower>();
        try
        {
            foreach (var id in new[] { "core-1", "core-2", "core-3" })
            {
                followers.Add(await StartAsync(s, temp, id));
            }

            // A good version goes wave by wave to all three.
            var good = await s.RenderAsync("good");
            await StepUntilAsync(s, () => followers.All(_ => true) && Read(temp, "core-1") == "good" && Read(temp, "core-2") == "good" && Read(temp, "core-3") == "good", "good everywhere");
            await StepUntilAsync(s, async () => await s.PhaseAsync() == RolloutPhase.Done, "the good rollout done");

            // The bad one: the canary fails, the rollout halts and pins; core-2 and core-3 never write it.
            var bad = await s.RenderAsync("bad");
            await StepUntilAsync(s, async () => await s.PhaseAsync() is RolloutPhase.Halted or RolloutPhase.Pinned, "a halt");
            Read(temp, "core-2").Should().Be("good");
            Read(temp, "core-3").Should().Be("good");

            await StepUntilAsync(s, async () => await s.PhaseAsync() == RolloutPhase.Pinned && Read(temp, "core-1") == "good", "core-1 back on the good content");
            Read(temp, "core-2").Should().Be("good");
            Read(temp, "core-3").Should().Be("good");
            good.Should().BeLessThan(bad);
        }
        finally
        {
            foreach (var follower in followers)
            {
                await follower.DisposeAsync();
            }
        }
    }

    private static async Task<InProcessFollower> StartAsync(RolloutScenario s, TempDirectory temp, string id)
    {
        var settings = new FollowerSettings
        {
            Id = id, Role = "core", Key = RolloutScenario.Key + id[^1], KeyPrefix = s.Settings.KeyPrefix,
            Redis = new PryvBus.Follower.Settings.RedisSettings { Configuration = s.Endpoint },
            ConfigRoot = temp.Combine(id), PollInterval = TimeSpan.FromMilliseconds(200), Containers = null,
        };
        var restarter = new RecordingRestarter();
        if (id == "core-1")
        {
            restarter.Gate = () => Read(temp, id) == "bad" ? throw new InvalidOperationException("core is unhealthy") : Task.CompletedTask;
        }

        return await InProcessFollower.StartAsync(settings, services => services.AddSingleton<IContainerRestarter>(restarter));
    }

    private static string? Read(TempDirectory temp, string id)
    {
        var path = Path.Combine(temp.Combine(id), RolloutScenario.FilePath);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private static Task StepUntilAsync(RolloutScenario s, Func<bool> done, string what) => StepUntilAsync(s, () => Task.FromResult(done()), what);

    private static Task StepUntilAsync(RolloutScenario s, Func<Task<bool>> done, string what) =>
        Wait.UntilAsync(async () => { await s.StepAsync(); return await done(); }, Timeout, what);
}
