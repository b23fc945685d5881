using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PryvBus.Follower.Settings;
using PryvBus.Leader.Accounts;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;
using PryvBus.Tests.Leader;

namespace PryvBus.Tests.Console;

/// <summary>
/// One platform for a console test: a template tree (role <c>core</c>: <c>app/greeting.txt</c> from the value GREETING, <c>app/mail.txt</c> from the sensitive SMTP_PASSWORD,
/// <c>app/token.txt</c> holding a generated secret), the real leader with its API and console on a free loopback port, and
/// one real follower (core-1) writing under a temporary root. Operators: ada (admin), ana (releaser), eve (editor), val (viewer).
/// </summary>
internal sealed class ConsoleScenario : IAsyncDisposable
{
    public const string AdminKey = "admin-key-0123456789abcdef";
    public const string Password = "correct horse battery staple";
    public const string SmtpPassword = "smtp-password-4f1c9e7a";
    private const string FollowerKey = "core-1-key-0123456789abcdef";

    private readonly TempDirectory _root = new();

    private ConsoleScenario(RedisServer redis, bool rollout)
    {
        Tree = new LeaderTree(redis.Endpoint)
            .Template("core", "app/greeting.txt", "hello {{ GREETING }}")
            .Template("core", "app/token.txt", "token: {{ secret \"API_TOKEN\" }}")
            .Template("core", "app/mail.txt", "password: {{ SMTP_PASSWORD }}")
            .Value("GREETING", new JsonObject { ["value"] = "one", ["type"] = "string", ["max"] = 20, ["description"] = "How the app greets." })
            .Value("SMTP_PASSWORD", new JsonObject { ["value"] = SmtpPassword, ["sensitive"] = true, ["description"] = "The mail relay's password." })
            .Secret("API_TOKEN", new JsonObject { ["scope"] = "platform", ["length"] = 40, ["alphabet"] = "hex" })
            .Follower("core-1", "core", FollowerKey);
        Tree.Config["http"] = new JsonObject { ["adminKey"] = AdminKey };
        if (rollout)
        {
            // core-2 never runs here: the rollout's first wave (core-1) waits for it, the second never starts.
            Tree.Follower("core-2", "core", "core-2-key-0123456789abcdef");
            Tree.Config["rollout"] = JsonNode.Parse("""{ "core": { "waves": [["core-2"], ["*"]], "soakSeconds": 0, "followerTimeoutSeconds": 3600 } }""");
        }
    }

    public LeaderTree Tree { get; }

    /// <summary>The leader's users file (the real accounts; passwords hashed with few iterations to keep tests fast).</summary>
    public string UsersFile { get; private set; } = string.Empty;

    public LeaderApiHost Leader { get; private set; } = null!;

    public InProcessFollower? Follower { get; private set; }

    public string FollowerRoot => _root.Combine("core-1");

    /// <param name="redis">The test's Redis.</param>
    /// <param name="follower">Start core-1.</param>
    /// <param name="rollout">Declare core-2 (never started) and a rollout of core in waves [core-2], [the rest].</param>
    /// <param name="services">Registrations after the leader's own (a test's clock).</param>
    public static async Task<ConsoleScenario> StartAsync(RedisServer redis, bool follower = true, bool rollout = false, Action<IServiceCollection>? services = null)
    {
        var scenario = new ConsoleScenario(redis, rollout);
        scenario.UsersFile = SettingsLoader.Load(scenario.Tree.Save()).UsersFile;
        await PryvBus.Leader.Accounts.UsersFile.ChangeAsync(scenario.UsersFile, users =>
        {
            foreach (var (name, role) in new[] { ("ada", OperatorRole.Admin), ("ana", OperatorRole.Releaser), ("eve", OperatorRole.Editor), ("val", OperatorRole.Viewer) })
            {
                users.Users.Add(new OperatorAccount { Name = name, Role = OperatorRoles.Name(role), PasswordHash = PasswordHash.Create(Password, 1000) });
            }

            return true;
        });
        scenario.Leader = await LeaderApiHost.StartAsync(scenario.Tree.Save(), services: services);
        var keys = new LeaderHarness(redis, scenario.Tree).Keys;
        await Wait.UntilAsync(async () => await redis.Db.KeyExistsAsync(keys.Serial("core")), TimeSpan.FromSeconds(15), "the first render");
        if (follower)
        {
            scenario.Follower = await InProcessFollower.StartAsync(new FollowerSettings
            {
                Id = "core-1", Role = "core", Key = FollowerKey, KeyPrefix = scenario.Tree.Prefix,
                Redis = new PryvBus.Follower.Settings.RedisSettings { Configuration = redis.Endpoint },
                ConfigRoot = scenario.FollowerRoot, PollInterval = TimeSpan.FromMilliseconds(200), Containers = null,
            });
        }

        return scenario;
    }

    public Task RemoveOperatorAsync(string name) =>
        PryvBus.Leader.Accounts.UsersFile.ChangeAsync(UsersFile, users => users.Users.RemoveAll(u => u.Name == name) > 0);

    public string? FollowerFile(string path)
    {
        var full = Path.Combine(FollowerRoot, path);
        return File.Exists(full) ? File.ReadAllText(full) : null;
    }

    /// <summary>A new version of core: the greeting template changes on disk and the admin API renders it.</summary>
    public async Task RenderGreetingAsync(string template)
    {
        File.WriteAllText(Tree.TemplatePath("core", "app/greeting.txt"), template);
        using var response = await Leader.SendAsync(HttpMethod.Post, "/admin/render", AdminKey, new { reason = "test" });
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        if (Follower is not null)
        {
            await Follower.DisposeAsync();
        }

        await Leader.DisposeAsync();
        Tree.Dispose();
        _root.Dispose();
    }
}
