using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Leader.Pipeline;
using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// A pass's first resolver of a role starts from the secret hashes its reconciliation read (no round trip of its own);
/// a second one for the role (the retry after a secret conflict) and one after the state folder changed read Redis again.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class PassSecretsResolverTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task ResolverAsync_SecondForTheSameRole_ReadsWhatRedisHoldsNow()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core.yml", "sso: {{ secret \"LATE\" }}\n");
        var settings = tree.Load();
        var pass = await PassSecrets.OpenAsync(redis.Admin, settings, _ => null, NullLogger.Instance);
        pass.Error.Should().BeNull();

        // Another writer's value, after the reconciliation: the conflict it causes is retried with a second resolver.
        await redis.Db.HashSetAsync(settings.Keys.RoleSecrets("core"), "LATE", "written-after-the-reconciliation");
        await pass.ResolverAsync(settings, "core");
        var retry = await pass.ResolverAsync(settings, "core");

        retry.Get("LATE").Should().Be("written-after-the-reconciliation");
        retry.Generated.Should().BeEmpty();
    }

    [Fact]
    public async Task ResolverAsync_SecretOnlyInRedisBeforeThePass_AnswersItWithoutGenerating()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core.yml", "sso: {{ secret \"OLD\" }}\n");
        var settings = tree.Load();
        await redis.Db.HashSetAsync(settings.Keys.RoleSecrets("core"), "OLD", "from-before-the-state-folder");

        var pass = await PassSecrets.OpenAsync(redis.Admin, settings, _ => null, NullLogger.Instance);
        var resolver = await pass.ResolverAsync(settings, "core");

        resolver.Get("OLD").Should().Be("from-before-the-state-folder");
        resolver.Generated.Should().BeEmpty();
        pass.State!.Get(SecretScopes.Role("core"), "OLD").Should().Be("from-before-the-state-folder");
    }

    [Fact]
    public async Task Revision_FileRewrittenByAnotherProcess_MovesOnRefresh()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core.yml", "x\n");
        var settings = tree.Load();
        var mine = SecretState.Open(settings, _ => null);
        var before = mine.Revision;
        mine.Refresh();
        mine.Revision.Should().Be(before, "nothing changed the file");

        await SecretState.Open(settings, _ => null).SetAsync([(SecretScopes.Role("core"), "SSO", "set-by-another-process")]);
        mine.Refresh();

        mine.Revision.Should().NotBe(before);
        mine.Get(SecretScopes.Role("core"), "SSO").Should().Be("set-by-another-process");
    }
}
