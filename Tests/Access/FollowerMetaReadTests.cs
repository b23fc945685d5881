using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;
using PryvBus.Shared;
using PryvBus.Shared.Access;
using PryvBus.Shared.Events;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Follower;
using StackExchange.Redis;

namespace PryvBus.Tests.Access;

/// <summary>
/// A version's meta is read with one <c>HMGET</c> of the fields the follower needs, under the user the leader provisions;
/// a user whose rules refuse <c>HMGET</c> (made by an older leader, or by hand) costs one or two denials (in the
/// transaction, then asked alone), logged once, and the follower reads the meta with one <c>HGET</c> per field from then on. Its own server: command counts and
/// <c>ACL LOG</c> are the whole server's.
/// </summary>
[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class FollowerMetaReadTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string File = "core/conf/core.yml";

    [Theory]
    [InlineData("head")]
    [InlineData("whole")]
    [InlineData("delta")]
    public async Task Read_UnderItsProvisionedUser_OneHmgetForTheMeta(string read)
    {
        await using var setup = await SetupAsync(refuseHmget: false);

        var counts = await CommandStats.DuringAsync(redis, () => setup.ReadAsync(read));

        counts.GetValueOrDefault("hmget").Should().Be(1);
        counts.GetValueOrDefault("hget").Should().Be(read == "delta" ? 1 : 0, "no field of the meta is read alone (a delta's changed file is)");
        (await AclTestClients.DeniedAsync(redis, setup.User)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("head")]
    [InlineData("whole")]
    [InlineData("delta")]
    public async Task Read_UnderAUserThatRefusesHmget_ReadsTheMetaWithHgetsAndIsRefusedOnce(string read)
    {
        await using var setup = await SetupAsync(refuseHmget: true);

        await setup.ReadAsync(read);
        var counts = await CommandStats.DuringAsync(redis, () => setup.ReadAsync(read));

        counts.GetValueOrDefault("hmget").Should().Be(0, "the fetcher learned that the user refuses it");
        counts.GetValueOrDefault("hget").Should().BePositive();
        (await AclTestClients.DeniedAsync(redis, setup.User)).Should().OnlyContain(d => d == "command hmget")
            .And.HaveCount(read == "head" ? 1 : 2, "a read in a transaction is refused there, and HMGET once more when asked alone");
        setup.Logs.Ours.Where(e => e.EventId == 301).Should().ContainSingle()
            .Which.Message.Should().Contain(setup.User).And.Contain("HMGET");
    }

    [Fact]
    public async Task Read_UnderAUserThatMayNotReadTheMeta_FailsAndBlamesNotHmget()
    {
        // EXECABORT names no command: a read refused for another reason fails again with HGETs and is not blamed on HMGET.
        await using var setup = await SetupAsync(refuseHmget: false, refuseMeta: true);

        await setup.Invoking(s => s.ReadAsync("whole")).Should().ThrowAsync<RedisServerException>();

        setup.Logs.Has(301).Should().BeFalse();
    }

    [Theory]
    [InlineData("whole", "hgetall")]
    [InlineData("delta", "hget")]
    public async Task Read_TransactionRefusedOnceForAnotherCommand_KeepsToHmget(string read, string command)
    {
        // A transaction refused for a moment (another command's rule, LOADING, BUSY): the read with HGETs that follows
        // succeeds, and yet HMGET was not what the server refused; the fetcher asks it alone before blaming it.
        await using var setup = await SetupAsync(refuseHmget: false, wrap: (connection, user) => RefusingFirstTransaction(connection, user, command));

        await setup.ReadAsync(read);
        var counts = await CommandStats.DuringAsync(redis, () => setup.ReadAsync(read));

        counts.GetValueOrDefault("hmget").Should().Be(1, "the next read takes the meta with one HMGET again");
        setup.Logs.Has(301).Should().BeFalse();
        setup.Logs.Has(302).Should().BeTrue("the fetcher says, at debug, that it asked HMGET alone and kept it");
        (await AclTestClients.DeniedAsync(redis, setup.User)).Should().Equal("command " + command);
    }

    /// <summary>The first transaction made through the connection is refused <paramref name="command"/>, the later ones not.</summary>
    private IConnectionMultiplexer RefusingFirstTransaction(IConnectionMultiplexer connection, string user, string command)
    {
        var first = 1;
        return InterceptingProxy<IConnectionMultiplexer>.Create(connection, (method, result) =>
            method.Name != nameof(IConnectionMultiplexer.GetDatabase) ? result
            : InterceptingProxy<IDatabase>.Create((IDatabase)result!, (called, made) =>
                called.Name != nameof(IDatabase.CreateTransaction) || Interlocked.Exchange(ref first, 0) == 0 ? made
                : RefusedOnce((ITransaction)made!, user, command)));
    }

    private ITransaction RefusedOnce(ITransaction transaction, string user, string command)
    {
        redis.Db.Execute("ACL", "SETUSER", user, "-" + command);
        return InterceptingProxy<ITransaction>.Create(transaction, (called, result) =>
            called.Name == nameof(ITransaction.ExecuteAsync) && result is Task<bool> execute ? AllowedAfterAsync(execute, user, command) : result);
    }

    private async Task<bool> AllowedAfterAsync(Task<bool> execute, string user, string command)
    {
        try
        {
            return await execute;
        }
        finally
        {
            await redis.Db.ExecuteAsync("ACL", "SETUSER", user, "+" + command);
        }
    }

    private async Task<Setup> SetupAsync(bool refuseHmget, bool refuseMeta = false, Func<ConnectionMultiplexer, string, IConnectionMultiplexer>? wrap = null)
    {
        await redis.Db.ExecuteAsync("ACL", "LOG", "RESET");
        var prefix = RedisServer.NewPrefix();
        var keys = new RedisKeys(prefix);
        var user = FollowerAcl.UserName(keys, LeaderDouble.FollowerId);
        var rules = FollowerAcl.Rules(keys, LeaderDouble.FollowerId, LeaderDouble.Role, LeaderDouble.FollowerKey)
            .Concat(refuseHmget ? ["-hmget"] : Array.Empty<string>())
            .Concat(refuseMeta ? ["resetkeys", "%R~" + keys.Serial(LeaderDouble.Role).ToString(), "%R~" + prefix + ":config:" + LeaderDouble.Role + ":*"] : Array.Empty<string>());
        await redis.Db.ExecuteAsync("ACL", [(object)"SETUSER", user, .. rules]);
        var settings = new FollowerSettings
        {
            Id = LeaderDouble.FollowerId,
            Role = LeaderDouble.Role,
            Key = LeaderDouble.FollowerKey,
            KeyPrefix = prefix,
            Redis = new RedisSettings { Configuration = redis.Endpoint, User = user, Password = FollowerAcl.Password(LeaderDouble.FollowerKey) },
            ConfigRoot = "/nonexistent",
        };
        var leader = new LeaderDouble(redis.Admin, prefix);
        var first = await leader.StoreAsync(new Dictionary<string, string> { [File] = "one\n", ["nginx/site.conf"] = "x\n" });
        var second = await leader.StoreAsync(new Dictionary<string, string> { [File] = "two\n", ["nginx/site.conf"] = "x\n" });
        var connection = await AclTestClients.FollowerAsync(redis, user, LeaderDouble.FollowerKey);
        var logs = new LogCollector();
        var fetcher = new VersionFetcher(settings, wrap?.Invoke(connection, user) ?? connection, new LoggerFactory([logs]).CreateLogger<VersionFetcher>());
        var held = VersionVerifier.Verify((await new VersionFetcher(settings, redis.Admin, NullLogger<VersionFetcher>.Instance).FetchAsync(first))!, LeaderDouble.FollowerId, LeaderDouble.FollowerKey);
        return new Setup(user, connection, logs, fetcher, held, second);
    }

    private sealed record Setup(string User, ConnectionMultiplexer Connection, LogCollector Logs, VersionFetcher Fetcher, VerifiedVersion Held, long Serial)
        : IAsyncDisposable
    {
        /// <summary>One read of the second version, as the sync loop makes it; each must find that version whole.</summary>
        public async Task ReadAsync(string read)
        {
            switch (read)
            {
                case "head":
                    var (sha, generation) = await Fetcher.HeadAsync(Serial);
                    sha.Should().NotBeNull();
                    generation.Should().Be(Held.Generation);
                    break;
                case "whole":
                    Verify((await Fetcher.FetchAsync(Serial))!);
                    break;
                default:
                    var announced = await Fetcher.FetchAnnouncedAsync(Serial, null, Held, new ConfigDelta(Held.Sha256, [File], []));
                    Verify(announced.Version!);
                    break;
            }
        }

        private void Verify(FetchedVersion fetched) =>
            VersionVerifier.Verify(fetched, LeaderDouble.FollowerId, LeaderDouble.FollowerKey).Files[File].Should().Equal("two\n"u8.ToArray());

        public async ValueTask DisposeAsync()
        {
            await Connection.DisposeAsync();
            Logs.Dispose();
        }
    }
}
