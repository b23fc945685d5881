using Microsoft.Extensions.Logging;
using PryvBus.Follower.Agent;
using PryvBus.Follower.Receiving;
using PryvBus.Follower.Reporting;
using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class FollowerSettingsLoaderTests
{
    private static readonly Func<string, string?> Env = name => name == "PRYV_CONF_ROOT" ? "/var/pryv" : null;

    [Fact]
    public void Parse_FullSettings_ReadsEveryKey()
    {
        var settings = FollowerSettingsLoader.Parse(
            """
            {
              "id": "core-1", "role": "core", "key": "0123456789abcdef0123",
              "keyPrefix": "bus", "redis": { "configuration": "redis.local:6380", "user": "core-1", "password": "pw" },
              "configRoot": "${PRYV_CONF_ROOT}/pryv/", "pollIntervalSeconds": 10, "pollJitter": 0.1,
              "files": { "owner": 0, "group": "0", "mode": "0640", "secretMode": "0600", "directoryMode": "0750" }
            }
            """,
            "f.json",
            Env);

        settings.ConfigRoot.Should().Be("/var/pryv/pryv");
        settings.KeyPrefix.Should().Be("bus");
        settings.PollInterval.Should().Be(TimeSpan.FromSeconds(10));
        settings.Redis.ToOptions().Password.Should().Be("pw");
        settings.Files.OwnerUid.Should().Be(0);
        settings.Files.FileMode.Should().Be((UnixFileMode)Convert.ToInt32("640", 8));
        settings.ToString().Should().NotContain(settings.Key, "the key is never printed");
    }

    [Fact]
    public void Parse_MinimalSettings_UsesDefaults()
    {
        var settings = FollowerSettingsLoader.Parse(
            """{ "id": "a", "role": "core", "key": "0123456789abcdef", "redis": { "configuration": "127.0.0.1" } }""", "f.json", Env);

        settings.ConfigRoot.Should().Be("/var/pryv/pryv");
        settings.KeyPrefix.Should().Be("pryvbus");
        settings.PollInterval.Should().Be(TimeSpan.FromSeconds(30));
        settings.Files.SecretFileMode.Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        settings.MetricsPort.Should().BeNull("the metrics endpoint is off by default");
    }

    [Fact]
    public void Parse_ManyProblems_ReportsEveryOneWithFileAndKey()
    {
        var act = () => FollowerSettingsLoader.Parse(
            """{ "id": "Bad Id", "key": "short", "redis": {}, "configRoot": "relative", "pollIntervalSeconds": "x", "files": { "mode": "999" }, "typo": 1 }""",
            "conf/config-follower.json",
            Env);

        act.Should().Throw<SettingsException>().Which.Errors.Should().BeEquivalentTo(
            "conf/config-follower.json: id: must be lower-case letters, digits, '-' or '_' (at most 63)",
            "conf/config-follower.json: role: is required",
            "conf/config-follower.json: key: must be at least 16 characters, not 5",
            "conf/config-follower.json: redis.configuration: is required",
            "conf/config-follower.json: configRoot: must be an absolute path (got 'relative')",
            "conf/config-follower.json: pollIntervalSeconds: must be a number between 0.05 and 86400, not a string",
            "conf/config-follower.json: files.mode: must be an octal mode between \"0000\" and \"0777\" (got '999')",
            "conf/config-follower.json: typo: unknown key (known here: composePolicy, configRoot, containers, files, id, key, keyPrefix, metricsPort, pollIntervalSeconds, pollJitter, redis, requireAdmission, role)");
    }

    [Fact]
    public void Parse_PasswordInEnvironment_OverridesFile()
    {
        var settings = FollowerSettingsLoader.Parse(
            """{ "id": "a", "role": "core", "key": "0123456789abcdef", "configRoot": "/r", "redis": { "configuration": "h", "password": "file" } }""",
            "f.json",
            name => name == "PRYVBUS_REDIS_PASSWORD" ? "env" : null);

        settings.Redis.Password.Should().Be("env");
    }

    [Fact]
    public void ConfigPath_ArgumentsOrEnvironment_PicksTheRightFile()
    {
        CommandLine.ConfigPath(["--config", "/a.json"]).Should().Be("/a.json");
        CommandLine.ConfigPath(["--config=/b.json"]).Should().Be("/b.json");
        CommandLine.ConfigPath([]).Should().BeNull();
        FollowerSettingsLoader.DefaultPath(Env).Should().Be("/var/pryv/config-follower/conf/config-follower.json");
        FollowerSettingsLoader.DefaultPath(n => n == "PRYVBUS_FOLLOWER_CONFIG" ? "/c.json" : null).Should().Be("/c.json");
        var act = () => CommandLine.ConfigPath(["--verbose"]);
        act.Should().Throw<SettingsException>();
    }

    [Fact]
    public void Parse_ContainersSection_ReadsEveryKey()
    {
        var settings = FollowerSettingsLoader.Parse(
            """
            { "id": "a", "role": "core", "key": "0123456789abcdef", "redis": { "configuration": "127.0.0.1" },
              "containers": { "composeProject": "prod", "names": { "mongodb": ["pryvio_mongodb"] }, "stopTimeoutSeconds": 20,
                              "parallelism": 2, "waitTimeoutSeconds": 90, "maxAttempts": 5, "endpoint": "unix:///run/docker.sock" } }
            """,
            "f.json",
            Env);

        settings.Containers.Should().NotBeNull();
        settings.Containers!.ComposeProject.Should().Be("prod");
        settings.Containers.ContainerNames["mongodb"].Should().Equal("pryvio_mongodb");
        settings.Containers.StopTimeout.Should().Be(TimeSpan.FromSeconds(20));
        settings.Containers.Parallelism.Should().Be(2);
        settings.Containers.WaitTimeout.Should().Be(TimeSpan.FromSeconds(90));
        settings.Containers.MaxAttempts.Should().Be(5);
        settings.Containers.Endpoint.Should().Be("unix:///run/docker.sock");
    }

    [Fact]
    public void Parse_ContainersDisabled_HasNoContainerStep()
    {
        var settings = FollowerSettingsLoader.Parse(
            """{ "id": "a", "role": "core", "key": "0123456789abcdef", "redis": { "configuration": "127.0.0.1" }, "containers": { "enabled": false } }""",
            "f.json",
            Env);

        settings.Containers.Should().BeNull();
    }

    [Fact]
    public void Parse_BadContainersSection_ReportsEachKey()
    {
        var act = () => FollowerSettingsLoader.Parse(
            """
            { "id": "a", "role": "core", "key": "0123456789abcdef", "redis": { "configuration": "127.0.0.1" },
              "containers": { "enabled": "yes", "names": { "db": "one" }, "parallelism": 0, "endpoint": "docker", "colour": 1 } }
            """,
            "f.json",
            Env);

        var errors = act.Should().Throw<SettingsException>().Which.Message;
        errors.Should().Contain("f.json: containers.enabled: must be true or false")
            .And.Contain("f.json: containers.names.db: must be an array of container names")
            .And.Contain("f.json: containers.parallelism:")
            .And.Contain("f.json: containers.endpoint:")
            .And.Contain("f.json: containers.colour: unknown key");
    }

    [Fact]
    public void Parse_ComposeKeys_ReadAndDefaulted()
    {
        var settings = FollowerSettingsLoader.Parse(
            """
            { "id": "a", "role": "core", "key": "0123456789abcdef", "redis": { "configuration": "127.0.0.1" },
              "containers": { "composeCommand": ["docker", "compose"], "composeTimeoutSeconds": 120, "composePull": true, "composeRemoveServices": true } }
            """,
            "f.json",
            Env);
        var defaults = FollowerSettingsLoader.Parse(
            """{ "id": "a", "role": "core", "key": "0123456789abcdef", "redis": { "configuration": "127.0.0.1" } }""", "f.json", Env);

        settings.Containers!.ComposeCommand.Should().Equal("docker", "compose");
        settings.Containers.ComposeTimeout.Should().Be(TimeSpan.FromSeconds(120));
        settings.Containers.ComposePull.Should().BeTrue();
        settings.Containers.ComposeRemoveServices.Should().BeTrue();
        defaults.Containers!.ComposeCommand.Should().BeNull("detected on first use");
        defaults.Containers.ComposePull.Should().BeFalse();
        defaults.Containers.ComposeRemoveServices.Should().BeFalse();
    }

    [Fact]
    public void Parse_BadComposeKeys_ReportsEachKey()
    {
        var act = () => FollowerSettingsLoader.Parse(
            """
            { "id": "a", "role": "core", "key": "0123456789abcdef", "redis": { "configuration": "127.0.0.1" },
              "containers": { "composeCommand": [], "composeTimeoutSeconds": 0, "composePull": "no" } }
            """,
            "f.json",
            Env);

        var errors = act.Should().Throw<SettingsException>().Which.Message;
        errors.Should().Contain("f.json: containers.composeCommand: must be a non-empty list")
            .And.Contain("f.json: containers.composeTimeoutSeconds:")
            .And.Contain("f.json: containers.composePull: must be true or false");
    }

    [Theory]
    [InlineData("644")]
    [InlineData("604")]
    [InlineData("602")]
    [InlineData("660")]
    public async Task Start_SettingsFileOpenToOthers_WarnsOnceNamingTheFileAndTheFix(string mode)
    {
        using var temp = new TempDirectory();
        var path = SettingsFile(temp, mode);
        using var logs = new LogCollector();

        await StartAsync(path, logs);

        var warning = logs.Ours.Where(e => e.EventId == SettingsFileOpen).Should().ContainSingle().Subject;
        warning.Level.Should().Be(LogLevel.Warning);
        warning.Message.Should().Contain($"{path} holds credentials (key)").And.Contain($"(mode {mode})")
            .And.Contain($"chmod 600 {path}").And.NotContain("0123456789abcdef");
    }

    [Theory]
    [InlineData("600")]
    [InlineData("640")]
    [InlineData("400")]
    public async Task Start_SettingsFileClosedToOthers_DoesNotWarn(string mode)
    {
        using var temp = new TempDirectory();
        using var logs = new LogCollector();

        await StartAsync(SettingsFile(temp, mode), logs);

        logs.Has(SettingsFileOpen).Should().BeFalse();
        logs.Has(100).Should().BeTrue("the follower started");
    }

    private const int SettingsFileOpen = 2202;

    private static string SettingsFile(TempDirectory temp, string mode)
    {
        var path = temp.Write("config-follower.json", """{ "id": "a", "role": "core", "key": "0123456789abcdef", "redis": { "configuration": "127.0.0.1" } }""");
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
        return path;
    }

    private static async Task StartAsync(string path, LogCollector logs)
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var startup = new FollowerStartup(FollowerSettingsLoader.Load(path, Env), new FollowerMetrics(), new SyncSignal(), factory.CreateLogger<FollowerStartup>());
        await startup.StartAsync(CancellationToken.None);
    }
}
