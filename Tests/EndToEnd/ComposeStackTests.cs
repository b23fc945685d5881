using System.Diagnostics;
using System.Text.RegularExpressions;
using Docker.DotNet;
using PryvBus.Shared.Status;
using PryvBus.Tests.Fixtures;
using Xunit.Abstractions;

namespace PryvBus.Tests.EndToEnd;

/// <summary>
/// The deployment as an operator runs it: the leader and follower images built from this source, the single-node
/// compose file brought up with docker-compose on the host network, the sample platform edited on disk. Stand-in
/// containers play the Pryv components. Needs <c>./pryvbus.sh images</c> (the test command runs it).
/// </summary>
[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class ComposeStackTests(DockerDaemon docker, ITestOutputHelper output) : IClassFixture<DockerDaemon>
{
    private static readonly string[] Components = ["core", "mongodb", "nginx"];
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PlatformValueChanged_FollowerWritesFilesAndRestartsOnlyTheAffectedComponent()
    {
        await RequireImagesAsync();
        var clock = Stopwatch.StartNew();
        await using var stack = new ComposeStack();
        await stack.PrepareAsync();
        var standIns = new Dictionary<string, string>();
        foreach (var component in Components)
        {
            standIns[component] = await docker.RunAsync(new StandIn(stack.ComponentsProject, component) { Name = $"{stack.ComponentsProject}-{component}" });
        }

        await stack.UpAsync();
        Log(clock, $"stack {stack.Project} up (Redis on 127.0.0.1:{stack.RedisPort}, config root {stack.Root})");

        // The first version is new: every component (each has files) is restarted once.
        await WaitForStatusAsync(stack, s => Applied(s, "1") && Components.All(c => Done(s, c, null)), "serial 1 applied and every component restarted");
        Log(clock, "serial 1 applied, stand-ins restarted");

        // pryv.yml was new: the follower's compose step (Debian's docker-compose in its image) checked the sample's images
        // first; the pryvio images are not on this machine, so nothing was stopped and the status says so per service.
        var first = await stack.FollowerStatusAsync();
        first[StatusFields.Compose].Should().StartWith("failed ").And.Contain("is not on this machine");
        first[StatusFields.ImagePrefix + "core"].Should().StartWith("wanted pryvio/core:").And.Contain($"running {DockerDaemon.Image}");
        File.ReadAllText(Path.Combine(stack.Root, "pryv", "mongodb", "conf", "mongod.conf")).Should().Contain("cacheSizeGB: 1");
        foreach (var service in new[] { "redis", "leader", "follower" })
        {
            await WaitAsync(stack, async () => await HealthAsync($"{stack.Project}-{service}") == "healthy", $"{service} to be healthy");
        }

        Log(clock, "redis, leader and follower healthy");
        var before = await StartTimesAsync(standIns);
        var mongodbResult = (await stack.FollowerStatusAsync())[StatusFields.RestartPrefix + "mongodb"];

        // MONGODB_CACHE_GB is used by mongodb/conf/mongod.conf only.
        var config = File.ReadAllText(stack.LeaderConfigPath);
        var edited = Regex.Replace(config, @"(""MONGODB_CACHE_GB"":\s*\{\s*""value"":\s*)1\b", "${1}3");
        edited.Should().NotBe(config, "the sample declares MONGODB_CACHE_GB with value 1");
        await File.WriteAllTextAsync(stack.LeaderConfigPath, edited);

        await WaitForStatusAsync(stack, s => Applied(s, "2") && Done(s, "mongodb", mongodbResult), "serial 2 applied and mongodb restarted");
        Log(clock, "serial 2 applied");
        File.ReadAllText(Path.Combine(stack.Root, "pryv", "mongodb", "conf", "mongod.conf")).Should().Contain("cacheSizeGB: 3");
        var after = await StartTimesAsync(standIns);
        var status = await stack.FollowerStatusAsync();
        status[StatusFields.RestartPrefix + "mongodb"].Should().StartWith("restarted ");
        status[StatusFields.Restarted].Should().Be("mongodb");
        after["mongodb"].Should().NotBe(before["mongodb"], "mongodb's file changed");
        after["core"].Should().Be(before["core"], "core's files did not change");
        after["nginx"].Should().Be(before["nginx"], "nginx's files did not change");
    }

    [Fact]
    public async Task RegMasterStack_ComesUpHealthyAndTheFollowerConverges()
    {
        // The cluster's reg-master file (Redis on every interface, leader, follower) with the single-node sample inputs.
        await RequireImagesAsync();
        var clock = Stopwatch.StartNew();
        await using var stack = new ComposeStack("cluster/reg-master.yml");
        await stack.PrepareAsync();
        await stack.UpAsync();
        Log(clock, $"stack {stack.Project} up from {stack.ComposeFile}");

        await WaitForStatusAsync(stack, s => Applied(s, "1"), "serial 1 applied");
        foreach (var service in new[] { "redis", "leader", "follower" })
        {
            await WaitAsync(stack, async () => await HealthAsync($"{stack.Project}-{service}") == "healthy", $"{service} to be healthy");
        }

        Log(clock, "serial 1 applied; redis, leader and follower healthy");
        File.Exists(Path.Combine(stack.Root, "pryv", "pryv.yml")).Should().BeTrue();
        // The operator's way in: the leader's CLI inside its container, with the container's settings and password.
        var status = await ComposeRun.RunAsync("docker", ["exec", $"{stack.Project}-leader", "pryvbus-leader", "status"], null, TimeSpan.FromSeconds(30));
        status.ExitCode.Should().Be(0, status.Output);
        status.Output.Should().Contain(ComposeStack.FollowerId);
        File.ReadAllText(Path.Combine(stack.Root, "redis", "users.acl")).Should().Contain(
            $"user pryvbus:follower:{ComposeStack.FollowerId} on", "the leader's ACL SAVE could rewrite the mounted folder");

        // Healthy and converged as hardened: no capabilities, no privilege gain, the leader's filesystem read-only.
        foreach (var service in new[] { "redis", "leader" })
        {
            var host = (await docker.Client.Containers.InspectContainerAsync($"{stack.Project}-{service}")).HostConfig!;
            host.CapDrop.Should().Equal(["ALL"], service);
            host.SecurityOpt.Should().Equal(["no-new-privileges:true"], service);
            host.ReadonlyRootfs.Should().Be(service == "leader", service);
            host.LogConfig!.Type.Should().Be("json-file", service);
        }
    }

    private static bool Applied(Dictionary<string, string> status, string serial) =>
        status.GetValueOrDefault(StatusFields.Serial) == serial && status.GetValueOrDefault(StatusFields.State) == FollowerState.Ok;

    /// <summary>A restart result for the component that is new (not <paramref name="notBefore"/>) and final (not pending).</summary>
    private static bool Done(Dictionary<string, string> status, string component, string? notBefore) =>
        status.GetValueOrDefault(StatusFields.RestartPrefix + component) is { } value
        && value != notBefore && !value.StartsWith("pending", StringComparison.Ordinal);

    private async Task WaitForStatusAsync(ComposeStack stack, Func<Dictionary<string, string>, bool> condition, string what) =>
        await WaitAsync(stack, async () => condition(await stack.FollowerStatusAsync()), what);

    /// <summary>Waits with a deadline; on timeout the failure carries the follower's status and the stack's logs.</summary>
    private static async Task WaitAsync(ComposeStack stack, Func<Task<bool>> condition, string what)
    {
        try
        {
            await Wait.UntilAsync(
                async () =>
                {
                    try
                    {
                        return await condition();
                    }
                    catch (StackExchange.Redis.RedisException)
                    {
                        return false; // Redis still starting.
                    }
                },
                Converge,
                what);
        }
        catch (TimeoutException e)
        {
            var status = string.Join(", ", (await SafeStatusAsync(stack)).Select(kv => $"{kv.Key}={kv.Value}"));
            throw new TimeoutException($"{e.Message}\nfollower status: {status}\n{await stack.DiagnosticsAsync()}", e);
        }
    }

    private static async Task<Dictionary<string, string>> SafeStatusAsync(ComposeStack stack)
    {
        try
        {
            return await stack.FollowerStatusAsync();
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or InvalidOperationException)
        {
            return new() { ["unreadable"] = e.Message };
        }
    }

    private async Task<string?> HealthAsync(string container)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var inspected = await docker.Client.Containers.InspectContainerAsync(container, timeout.Token);
        return inspected.State?.Health?.Status;
    }

    private async Task<Dictionary<string, string>> StartTimesAsync(Dictionary<string, string> standIns)
    {
        var times = new Dictionary<string, string>();
        foreach (var (component, id) in standIns)
        {
            times[component] = await docker.StartedAtAsync(id);
        }

        return times;
    }

    private async Task RequireImagesAsync()
    {
        foreach (var image in new[] { ComposeStack.LeaderImage, ComposeStack.FollowerImage, ComposeStack.RedisImage })
        {
            try
            {
                await docker.Client.Images.InspectImageAsync(image);
            }
            catch (DockerImageNotFoundException e)
            {
                throw new InvalidOperationException($"The image {image} is missing: run ./pryvbus.sh images (nothing can be pulled here).", e);
            }
        }
    }

    private void Log(Stopwatch clock, string message) => output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] {message}");
}
