using PryvBus.Tests.Fixtures;
using Xunit.Abstractions;

namespace PryvBus.Tests.HighAvailability;

/// <summary>
/// A bounded fault-injection soak: random platform changes while follower processes are SIGKILLed and restarted,
/// Redis is SIGKILLed and restarted, garbage and reload events are published and the Docker endpoint goes away for a
/// while; Redis loses its newest version as a failover to a lagging replica would. At the end every invariant PryvBus
/// promises must hold, and no follower ever applied an older (generation, serial) than one it had applied.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Soak)]
public sealed class ChaosSoakTests(DockerDaemon docker, ITestOutputHelper output) : IClassFixture<DockerDaemon>
{
    private const int Followers = 3;
    private const int Steps = 60;
    internal static readonly string[] AllComponents = ["core", "nginx", "static"];

    [Fact]
    public async Task Soak_RandomFaults_EveryInvariantHolds()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PRYVBUS_SOAK_SEED"), out var s) ? s : Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed} (PRYVBUS_SOAK_SEED reproduces the run)");
        await using var redis = new RedisServer { Persistent = true };
        await redis.InitializeAsync();
        await using var proxy = new UnixSocketProxy(new Uri(docker.Endpoint).LocalPath);
        proxy.Up();
        await using var world = await SoakWorld.StartAsync(redis, docker, proxy, Followers);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Count(string what) => counts[what] = counts.GetValueOrDefault(what) + 1;

        // The reader starts after the first render: from then on every content is recorded before it is stored.
        await world.RenderAsync();
        await world.WaitConvergedAsync(TimeSpan.FromSeconds(90));
        await world.WaitForFirstRestartsAsync(TimeSpan.FromSeconds(90));
        var baseline = await world.StartTimesAsync("static");
        var secretsBefore = await world.SecretsAsync();
        using var reading = new CancellationTokenSource();
        var reader = Task.Run(() => world.ReadContinuouslyAsync(reading.Token));

        for (var step = 0; step < Steps; step++)
        {
            var roll = random.NextDouble();
            if (roll < 0.55)
            {
                world.Change(random.Next(2) == 0 ? "core" : "nginx", random);
                await world.RenderAsync();
                Count("changes");
            }
            else if (roll < 0.70)
            {
                await world.KillAndRestartFollowerAsync(random.Next(Followers));
                Count("follower SIGKILLs");
            }
            else if (roll < 0.72 && counts.GetValueOrDefault("newest versions lost") < 3)
            {
                if (await world.LoseNewestVersionAsync())
                {
                    Count("newest versions lost");
                }
            }
            else if (roll < 0.75 && counts.GetValueOrDefault("redis restarts") < 3)
            {
                await redis.KillAsync();
                await redis.StartAsync();
                Count("redis restarts");
            }
            else if (roll < 0.85)
            {
                await world.PublishAsync(random.Next(3) switch { 0 => "{not json", 1 => "reload", _ => "{\"type\":\"config\",\"role\":\"core\",\"serial\":-4}" });
                Count("garbage events");
            }
            else if (roll < 0.92)
            {
                await world.PublishAsync("reload core core");
                world.Reloaded("core");
                Count("reload events");
            }
            else if (counts.GetValueOrDefault("docker outages") < 3)
            {
                await proxy.DownAsync();
                world.Change("nginx", random);
                await world.RenderAsync();
                proxy.Up();
                Count("docker outages");
                Count("changes");
            }

            world.ObserveOrder();
        }

        // What the leader service does periodically: check Redis still has the versions, then everything converges.
        await world.RenderAsync();
        await world.WaitConvergedAsync(TimeSpan.FromSeconds(120));
        await reading.CancelAsync();
        var reads = await reader;

        foreach (var (what, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{what}: {count}");
        }

        output.WriteLine($"reads by the torn-file watcher: {reads}");
        world.ObserveOrder();
        world.TornReads.Should().BeEmpty("a reader must only ever see a whole old or a whole new file");
        world.Order.Violations.Should().BeEmpty("no follower ever applies an older version than one it applied");
        await world.AssertFilesMatchTheCurrentVersionAsync();
        world.TempFiles().Should().BeEmpty();
        (await world.StartTimesAsync("static")).Should().Equal(baseline, "static's files never changed and it was never reloaded");
        await world.WaitChangedComponentsRestartedAfterTheirLastChangeAsync(TimeSpan.FromSeconds(60));
        (await world.SecretsAsync()).Should().Equal(secretsBefore, "no secret was rotated");
        counts.GetValueOrDefault("changes").Should().BeGreaterThan(10);
    }
}
