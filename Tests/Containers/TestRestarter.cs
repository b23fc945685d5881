using Microsoft.Extensions.Logging.Abstractions;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Containers;

/// <summary>Settings sized for tests: short waits and retries, so a failure shows in seconds, not minutes.</summary>
internal static class TestRestarter
{
    public static ContainerSettings Settings(DockerDaemon docker, string project) => new()
    {
        ComposeProject = project,
        Endpoint = docker.Endpoint,
        StopTimeout = TimeSpan.FromSeconds(1),
        WaitTimeout = TimeSpan.FromSeconds(20),
        MaxAttempts = 2,
        RetryDelay = TimeSpan.FromMilliseconds(100),
        RequestTimeout = TimeSpan.FromSeconds(15),
    };

    public static DockerRestarter Create(ContainerSettings settings) =>
        new(settings, NullLogger<DockerRestarter>.Instance);

    /// <summary>A bound on every call, so a hung daemon fails the test instead of hanging the run.</summary>
    public static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;
}
