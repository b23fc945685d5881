using PryvBus.Tests.EndToEnd;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Compose;

/// <summary>
/// <c>./pryvbus.sh platform</c> puts its ports into sed programs and its project name into container names: a value that
/// is not what it is meant to be is refused, naming the variable, before anything is installed, built or started. The
/// script runs with stand-ins first in its PATH: <c>id</c> says root (it runs as any user), and the tools it would
/// install or start with fail at once, so a check moved after them fails fast instead of setting up a platform.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Process)]
public sealed class HelperScriptTests
{
    [Theory]
    [InlineData("PRYVBUS_REDIS_PORT", "0")]
    [InlineData("PRYVBUS_REDIS_PORT", "65536")]
    [InlineData("PRYVBUS_REDIS_PORT", "06380")]
    [InlineData("PRYVBUS_REDIS_PORT", "6380 ")]
    [InlineData("PRYVBUS_LEADER_PORT", "7070/;s/127.0.0.1/0.0.0.0/")]
    [InlineData("PRYVBUS_LEADER_PORT", "port")]
    [InlineData("PRYVBUS_COMPOSE_PROJECT", "Demo")]
    [InlineData("PRYVBUS_COMPOSE_PROJECT", "-demo")]
    [InlineData("PRYVBUS_COMPOSE_PROJECT", "demo;x")]
    [InlineData("PRYVBUS_COMPOSE_PROJECT", "demo\nx")]
    public async Task Platform_ValueNotWhatItIsMeantToBe_RefusedNamingItBeforeAnythingRuns(string variable, string value)
    {
        using var stubs = new TempDirectory();
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = Stubs(stubs),
            // Empty counts as unset (${VAR:-default}): the test's own environment does not choose the others.
            ["PRYVBUS_REDIS_PORT"] = string.Empty,
            ["PRYVBUS_LEADER_PORT"] = string.Empty,
            ["PRYVBUS_COMPOSE_PROJECT"] = string.Empty,
        };
        environment[variable] = value;

        // Killed after the deadline (exit -1) if it went on to install, build and start the platform.
        var result = await ComposeRun.RunAsync("bash", [RepositoryRoot.Combine("pryvbus.sh"), "platform"], environment, TimeSpan.FromSeconds(30));

        result.ExitCode.Should().Be(2, result.Output);
        result.Output.Should().StartWith($"[pryvbus] {variable}=").And.Contain("is not a");
        result.Output.TrimEnd('\n').Should().NotContain("\n", "one line, and nothing else ran");
    }

    [Fact]
    public async Task Platform_UnknownOption_RefusedBeforeAnythingRuns()
    {
        using var stubs = new TempDirectory();
        var environment = new Dictionary<string, string> { ["PATH"] = Stubs(stubs) };

        var result = await ComposeRun.RunAsync("bash", [RepositoryRoot.Combine("pryvbus.sh"), "platform", "--bogus"], environment, TimeSpan.FromSeconds(30));

        result.ExitCode.Should().Be(2, result.Output);
        result.Output.Should().Contain("unknown option --bogus");
    }

    /// <summary>A PATH whose first folder holds the stand-ins the class describes.</summary>
    private static string Stubs(TempDirectory folder)
    {
        const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        File.WriteAllText(folder.Combine("id"), "#!/bin/sh\necho 0\n");
        File.SetUnixFileMode(folder.Combine("id"), Executable);
        foreach (var tool in new[] { "apt-get", "dpkg-query", "docker", "dockerd", "docker-compose", "dotnet", "redis-server", "debootstrap" })
        {
            File.WriteAllText(folder.Combine(tool), "#!/bin/sh\nexit 97\n");
            File.SetUnixFileMode(folder.Combine(tool), Executable);
        }

        return folder.Path + ":" + Environment.GetEnvironmentVariable("PATH");
    }
}
