using System.Diagnostics;
using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// Review M9: a command run as root on the host against the service's state folder (owned by uid 10001 in the shipped
/// image) must not leave files the service cannot read: it refuses with one line and exit code 4, changing nothing.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Redis)]
public sealed class StateOwnerTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string ServiceUid = "10001";

    [RootFact]
    public async Task Commands_RunAsRootOnAFolderOfAnotherUid_RefuseWithExitCode4AndChangeNothing()
    {
        using var tree = new LeaderTree(redis.Endpoint).Template("core", "core/conf/core.yml", "sso: {{ secret \"SSO\" }}\n");
        using var backups = new TempDirectory();
        var config = tree.Save();
        var backup = backups.Combine("pryvbus.backup");
        (await StateCommand.RunAsync("render", "--config", config)).Exit.Should().Be(0);
        (await StateCommand.RunAsync("backup", backup, "--config", config)).Exit.Should().Be(0);
        var state = tree.Load().StateDirectory;
        Chown(state, StateKey.DefaultKeyFile(state));
        var sealedBefore = File.ReadAllBytes(Path.Combine(state, SecretState.FileName));
        tree.Value("DOMAIN", "changed.test").Template("core", "core/conf/core.yml", "sso: {{ secret \"SSO\" }} {{ DOMAIN }}\n").Save();

        var runs = new[]
        {
            await StateCommand.RunAsync("render", "--config", config),
            await StateCommand.RunAsync("secrets", "rotate", "SSO", "--config", config),
            await StateCommand.RunAsync("rollback", "core", "1", "--config", config),
            await StateCommand.RunAsync("backup", backups.Combine("second.backup"), "--config", config),
            await StateCommand.RunAsync("restore", backup, "--force", "--config", config),
        };

        runs.Should().AllSatisfy(run =>
        {
            run.Exit.Should().Be(4, run.Output + run.Error);
            run.Error.Trim().Split('\n').Should().ContainSingle().Which.Should().Contain($"belongs to uid {ServiceUid}").And.Contain("runs as uid 0");
        });
        var show = await StateCommand.RunAsync("show", "core", "1", "core/conf/core.yml", "--config", config);
        show.Exit.Should().Be(0, "a command that only reads is not refused: " + show.Error);
        Directory.EnumerateFileSystemEntries(state).Append(state).Should().AllSatisfy(path => Owner(path).Should().Be(ServiceUid, path));
        File.ReadAllBytes(Path.Combine(state, SecretState.FileName)).Should().Equal(sealedBefore);
    }

    private static void Chown(params string[] paths)
    {
        using var chown = Process.Start("chown", ["-R", $"{ServiceUid}:{ServiceUid}", .. paths])!;
        chown.WaitForExit();
        chown.ExitCode.Should().Be(0);
    }

    private static string Owner(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true })!;
        var owner = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return owner;
    }
}
