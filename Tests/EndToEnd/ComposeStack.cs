using PryvBus.Tests.Fixtures;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace PryvBus.Tests.EndToEnd;

/// <summary>
/// The shipped single-node compose stack (Redis, leader, follower) on a throwaway copy of <c>compose/singlenode/</c>:
/// its own <c>${PRYV_CONF_ROOT}</c>, compose project, container names, Redis and HTTP ports, and a Redis leader
/// password known only to this run. The images are the local ones built by <c>./pryvbus.sh images</c>.
/// </summary>
internal sealed partial class ComposeStack : IAsyncDisposable
{
    public const string LeaderImage = "pryvbus/leader:local";
    public const string FollowerImage = "pryvbus/follower:local";
    public const string RedisImage = "pryvbus/redis:local";
    public const string FollowerId = "singlenode-1";

    // The official redis image's user, which the local one copies: it must be able to rewrite users.acl.
    private const string RedisUid = "999:999";

    // The leader image's user (compose/docker/Dockerfile.leader): it writes the state folder.
    private const string LeaderUid = "10001:10001";

    private static readonly TimeSpan ComposeTimeout = TimeSpan.FromMinutes(3);

    private readonly string _password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly string _followerKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
    private readonly Dictionary<string, string> _environment;
    private ConnectionMultiplexer? _redis;
    private bool _started;

    /// <param name="composeFile">The compose file to run, relative to <c>compose/</c>.</param>
    public ComposeStack(string composeFile = "singlenode/docker-compose.yml")
    {
        ComposeFile = composeFile;
        Root = Directory.CreateTempSubdirectory("pryvbus-e2e-").FullName;
        Project = "pryvbus-e2e-" + Guid.NewGuid().ToString("N")[..10];
        RedisPort = FreePort.Next();
        _environment = new Dictionary<string, string>
        {
            ["PRYV_CONF_ROOT"] = Root,
            ["PRYVBUS_REDIS_PASSWORD"] = _password,
            ["PRYVBUS_REDIS_PORT"] = RedisPort.ToString(CultureInfo.InvariantCulture),
            ["REDIS_IMAGE"] = RedisImage,
            ["PRYVBUS_LEADER_IMAGE"] = LeaderImage,
            ["PRYVBUS_FOLLOWER_IMAGE"] = FollowerImage,
            ["PRYVBUS_SOURCE"] = RepositoryRoot.Path,
            ["PRYVBUS_CONTAINER_PREFIX"] = Project,
            ["PRYVBUS_HEALTH_INTERVAL"] = "2s",
            ["PRYVBUS_STATE_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
    }

    public string ComposeFile { get; }

    /// <summary>The stack's <c>${PRYV_CONF_ROOT}</c>.</summary>
    public string Root { get; }

    /// <summary>The compose project of PryvBus itself; its containers are named <c>{Project}-redis</c>, …</summary>
    public string Project { get; }

    /// <summary>The compose project of the Pryv components, the one the follower restarts containers of.</summary>
    public string ComponentsProject => Project + "-pryv";

    public int RedisPort { get; }

    public string LeaderConfigPath => Path.Combine(Root, "config-leader", "conf", "config-leader.json");

    public IDatabase Db => (_redis ?? throw new InvalidOperationException("The stack is not up.")).GetDatabase();

    /// <summary>Lays out the config root: the sample platform pointed at this stack, and Redis' config folder.</summary>
    public async Task PrepareAsync()
    {
        var compose = Path.Combine(RepositoryRoot.Path, "compose");
        CopyTree(Path.Combine(compose, "singlenode"), Root);
        CopyTree(Path.Combine(compose, "redis"), Path.Combine(Root, "redis"));
        File.Copy(Path.Combine(compose, ComposeFile), Path.Combine(Root, "docker-compose.yml"), overwrite: true);
        Directory.CreateDirectory(Path.Combine(Root, "pryv"));

        var redis = $"\"redis\": {{ \"configuration\": \"127.0.0.1:{RedisPort}\"";
        Edit(LeaderConfigPath, text => Replace(text, "\"redis\": { \"configuration\": \"127.0.0.1:6379\"",
            $"\"http\": {{ \"urls\": [\"http://127.0.0.1:{FreePort.Next()}\"] }},\n  {redis}, \"user\": \"pryvbus-leader\""));
        Edit(Path.Combine(Root, "config-follower", "conf", "config-follower.json"), text => Replace(
            Replace(Replace(text, "\"redis\": { \"configuration\": \"127.0.0.1:6379\"", $"{redis}, \"user\": \"pryvbus:follower:{FollowerId}\""),
                "\"composeProject\": \"pryv\"", $"\"composeProject\": \"{ComponentsProject}\""),
            "\"pollIntervalSeconds\": 30", "\"pollIntervalSeconds\": 2"));
        // The stand-ins play the components and the sample's pryvio images are not on this machine: nginx's check (never
        // skipped, and run in the image pryv.yml names) would refuse every version, so this copy declares none. The
        // checks are shown working by the Docker tests (FollowerCheck*Tests).
        Edit(LeaderConfigPath, text => CheckDeclaration().IsMatch(text)
            ? CheckDeclaration().Replace(text, string.Empty, 1)
            : throw new InvalidOperationException("The sample no longer declares nginx's check: update the end-to-end test."));
        // The follower key of this run, not the shipped sample (which both programs refuse outside a demo).
        foreach (var file in new[] { LeaderConfigPath, Path.Combine(Root, "config-follower", "conf", "config-follower.json") })
        {
            Edit(file, text => Replace(text, "\"change-me-singlenode-1-key-0123456789\"", $"\"{_followerKey}\""));
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_password)));
        Edit(Path.Combine(Root, "redis", "users.acl"), text => LeaderHash().Replace(text, "user pryvbus-leader on #" + hash));

        // The ops user's sample password too: the leader refuses to start while any user still accepts a sample.
        var ops = Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(32)));
        Edit(Path.Combine(Root, "redis", "users.acl"), text => OpsHash().Replace(text, "user pryvbus-ops on #" + ops));
        (await ComposeRun.RunAsync("chown", ["-R", RedisUid, Path.Combine(Root, "redis")], null, TimeSpan.FromSeconds(10)))
            .EnsureSuccess("chown of the Redis folder");

        // The leader's state folder, as the compose file says: its own (uid 10001), mode 0700.
        var state = Directory.CreateDirectory(Path.Combine(Root, "config-leader", "state"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        (await ComposeRun.RunAsync("chown", [LeaderUid, state.FullName], null, TimeSpan.FromSeconds(10))).EnsureSuccess("chown of the leader's state folder");
        // Its settings folder, writable for value edits (the compose file mounts it over the read-only inputs).
        (await ComposeRun.RunAsync("chown", [LeaderUid, Path.GetDirectoryName(LeaderConfigPath)!, LeaderConfigPath], null, TimeSpan.FromSeconds(10)))
            .EnsureSuccess("chown of the leader's conf folder");
        // Both settings files hold keys: mode 0600, as docs/deployment.md says (the templates stay as copied, 0644).
        File.SetUnixFileMode(LeaderConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(Path.Combine(Root, "config-follower", "conf", "config-follower.json"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public async Task UpAsync()
    {
        _started = true;
        (await ComposeAsync("up", "-d", "--no-build")).EnsureSuccess("docker-compose up");
        var options = ConfigurationOptions.Parse($"127.0.0.1:{RedisPort}");
        options.User = "pryvbus-leader";
        options.Password = _password;
        options.AbortOnConnectFail = false;
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async Task<Dictionary<string, string>> FollowerStatusAsync() =>
        (await Db.HashGetAllAsync($"pryvbus:follower:{FollowerId}")).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());

    /// <summary>What an operator would look at first: the containers and their last log lines.</summary>
    public async Task<string> DiagnosticsAsync()
    {
        var ps = await ComposeAsync("ps");
        var logs = await ComposeAsync("logs", "--no-color", "--tail", "40");
        return $"docker-compose ps:\n{ps.Output}\ndocker-compose logs:\n{logs.Output}";
    }

    public Task<ComposeRun.Result> ComposeAsync(params string[] args) =>
        ComposeRun.RunAsync("docker-compose", ["-p", Project, "-f", Path.Combine(Root, "docker-compose.yml"), .. args], _environment, ComposeTimeout);

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_started)
        {
            // Containers, the project's volume (Redis data) and anything left over from an earlier definition.
            await ComposeAsync("down", "-v", "--remove-orphans", "-t", "5");
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }

    private static string Replace(string text, string from, string to) => text.Contains(from, StringComparison.Ordinal)
        ? text.Replace(from, to, StringComparison.Ordinal)
        : throw new InvalidOperationException($"The sample no longer contains '{from}': update the end-to-end test.");

    private static void Edit(string path, Func<string, string> change) => File.WriteAllText(path, change(File.ReadAllText(path)));

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@",\s*""check"": \{[^}]*\}")]
    private static partial Regex CheckDeclaration();

    [GeneratedRegex("user pryvbus-leader on #[0-9a-f]{64}")]
    private static partial Regex LeaderHash();

    [GeneratedRegex("user pryvbus-ops on #[0-9a-f]{64}")]
    private static partial Regex OpsHash();
}
