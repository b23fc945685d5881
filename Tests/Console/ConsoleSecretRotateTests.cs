using System.Net;
using PryvBus.Leader.Audit;
using PryvBus.Shared;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Console;

/// <summary>
/// A secret rotated from the console whose render then fails: the rotation is committed, so it is recorded all the
/// same (as the CLI records it before rendering), and the page says that the render failed, without a stack trace.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class ConsoleSecretRotateTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task RotateSecret_RenderAfterItFails_RotationRecordedAndTheFailureShown()
    {
        await using var scenario = await ConsoleScenario.StartAsync(redis, follower: false);
        var keys = new RedisKeys(scenario.Tree.Prefix);
        using var client = new ConsoleClient(scenario.Leader.Client.BaseAddress!);
        await client.SignInAsync("ada", ConsoleScenario.Password);
        await client.GetAsync("/console/secrets");
        var before = await redis.Db.HashGetAsync(keys.PlatformSecrets, "API_TOKEN");

        // The store's generation at its largest value: the rotation (secrets only) commits, the pass after it cannot
        // open the store (StoreDataException), as a Redis timeout or the state folder's lock held too long would fail it.
        await redis.Db.StringSetAsync(keys.Generation, VersionNumber.Max);
        var (response, body) = await client.PostAsync("/console/secrets/API_TOKEN/rotate");

        (await redis.Db.HashGetAsync(keys.PlatformSecrets, "API_TOKEN")).Should().NotBe(before, "the rotation committed before the render");
        var entries = (await new AuditStream(redis.Db, keys).ReadAllAsync()).Select(e => e.Record!).ToArray();
        entries.Should().ContainSingle(e => e.Action == "secret.rotate").Which.Should().Match<AuditRecord>(e => e.Actor == "ada" && e.Source == "console");
        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        body.Should().Contain("API_TOKEN rotated in").And.Contain("render FAILED").And.Contain("reached the largest generation")
            .And.NotContain("   at ").And.NotContain("Exception");
    }
}
