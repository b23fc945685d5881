namespace PryvBus.Tests.Fixtures;

/// <summary>
/// A stand-in container for a compose service: the local busybox image running <c>sleep 3600</c> with no network.
/// Null <see cref="Project"/>/<see cref="Service"/> leave the compose labels off (for the explicit name map).
/// </summary>
public sealed record StandIn(string? Project, string? Service)
{
    /// <summary>A container name; Docker picks one when null.</summary>
    public string? Name { get; init; }

    /// <summary>False leaves the container created but never started.</summary>
    public bool Start { get; init; } = true;

    /// <summary>The command; a command that does not exist makes a container that can never start.</summary>
    public IReadOnlyList<string> Command { get; init; } = ["sleep", "3600"];

    /// <summary>A health check command run by the shell every second, or null for none.</summary>
    public string? HealthCommand { get; init; }

    /// <summary>Bind mounts as Docker writes them (<c>/host/path:/container/path:ro</c>).</summary>
    public IReadOnlyList<string> Binds { get; init; } = [];

    /// <summary>Extra labels, e.g. compose's one-off marker.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
