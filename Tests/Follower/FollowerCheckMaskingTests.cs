using PryvBus.Shared.Status;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Containers;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>What a failing check prints may quote a file holding secrets: it is masked before the status and the log.</summary>
[Trait(TestCategory.Name, TestCategory.Docker)]
public sealed class FollowerCheckMaskingTests(RedisServer redis, DockerDaemon docker) : IClassFixture<RedisServer>, IClassFixture<DockerDaemon>
{
    private readonly string _web = "web" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Check_EchoesASecretOfTheStagedFiles_SecretInNeitherStatusNorLog()
    {
        using var temp = new TempDirectory();
        var project = DockerDaemon.NewProject();
        Directory.CreateDirectory(temp.Combine("pryv", _web));
        await docker.RunAsync(new StandIn(project, _web) { Binds = [$"{temp.Combine("pryv", _web)}:/etc/x:ro"] });
        await using var follower = new FollowerHarness(redis, temp: temp, containers: TestRestarter.Settings(docker, project));
        var secret = "pw-" + Guid.NewGuid().ToString("N");
        var part = secret[..12];
        follower.Leader.Components = new Dictionary<string, ComponentSpec>(StringComparer.Ordinal)
        {
            [_web] = new(ReloadAction.Restart, new ComponentCheck(["sh", "-c", "echo \"line: $(grep password /etc/x/secret/db.yml)\"; echo \"alone: $(cat /etc/x/secret/token)\"; exit 1"], 30)),
        };
        await follower.Leader.StoreAsync(
            new Dictionary<string, string>
            {
                [_web + "/secret/db.yml"] = $"user: pryv\npassword: \"{secret}\"\n",
                [_web + "/secret/token"] = secret,
                [_web + "/conf"] = "plain",
            },
            secretFiles: [_web + "/secret/db.yml", _web + "/secret/token"]);

        await follower.StartAsync();

        await Wait.UntilAsync(
            async () => (await follower.StatusAsync()).GetValueOrDefault(StatusFields.Error)?.Contains("check of " + _web, StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(60),
            "the failed check in the status");
        var status = await follower.StatusAsync();
        status[StatusFields.Error].Should().Contain("exited with 1").And.Contain("line: ").And.Contain("alone: ").And.Contain("«masked»");
        status.Values.Should().NotContain(v => v.Contains(secret, StringComparison.Ordinal));
        status.Values.Should().NotContain(v => v.Contains(part, StringComparison.Ordinal), "no part of it long enough to matter either");
        follower.Logs.Entries.Should().Contain(e => e.Message.Contains("check of", StringComparison.Ordinal) || e.Message.Contains("are refused", StringComparison.Ordinal));
        follower.Logs.Entries.Should().NotContain(e => e.Message.Contains(part, StringComparison.Ordinal));
    }
}
