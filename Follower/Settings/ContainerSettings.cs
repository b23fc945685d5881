namespace PryvBus.Follower.Settings;

/// <summary>
/// Which containers belong to which component, and how patiently to restart them.
/// Containers are found by the compose labels of <see cref="ComposeProject"/>, plus the explicit names in
/// <see cref="ContainerNames"/> for containers that compose did not create.
/// </summary>
public sealed record ContainerSettings
{
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    /// <summary>The value of the <c>com.docker.compose.project</c> label.</summary>
    public string ComposeProject { get; init; } = "pryv";

    /// <summary>Component → container names, for containers without compose labels (or in addition to them).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ContainerNames { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>How long a running container gets to stop before Docker kills it.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many containers are restarted at once; 1 restarts them one after the other.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>How long a (re)started container has to be running, and healthy when it has a health check.</summary>
    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts per container before it is reported as failed.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Pause before the second attempt; it grows linearly with each further attempt.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Limit for one Docker API call other than the restart itself (which also gets <see cref="StopTimeout"/>).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The compose tool run when <c>pryv.yml</c> changes, as an argument list (<c>["docker-compose"]</c>,
    /// <c>["docker", "compose"]</c>); null detects it on first use: the plugin when <c>docker compose version</c>
    /// succeeds, else <c>docker-compose</c>.
    /// </summary>
    public IReadOnlyList<string>? ComposeCommand { get; init; }

    /// <summary>Limit for one run of the compose tool (an <c>up</c> of the changed services, or a <c>pull</c>).</summary>
    public TimeSpan ComposeTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether a missing image is pulled (<c>compose pull</c>) before anything is stopped; false: it must be present.</summary>
    public bool ComposePull { get; init; }

    /// <summary>Whether a service removed from <c>pryv.yml</c> has its containers stopped and removed; false: reported, left alone.</summary>
    public bool ComposeRemoveServices { get; init; }

    /// <summary>The Docker Engine endpoint: <c>DOCKER_HOST</c> when set, else the local socket.</summary>
    public string Endpoint { get; init; } = DefaultEndpoint();

    public static string DefaultEndpoint()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(host) ? DefaultSocket : host.Trim();
    }

    /// <summary>Every problem at once, each naming the setting to fix; empty when the settings are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ComposeProject))
        {
            errors.Add("ComposeProject: must not be empty (the com.docker.compose.project label value, e.g. 'pryv').");
        }

        foreach (var (component, names) in ContainerNames)
        {
            if (string.IsNullOrWhiteSpace(component) || names is null || names.Any(string.IsNullOrWhiteSpace))
            {
                errors.Add($"ContainerNames:{component}: component and container names must not be empty.");
            }
        }

        if (ComposeCommand is not null && (ComposeCommand.Count == 0 || ComposeCommand.Any(string.IsNullOrWhiteSpace)))
        {
            errors.Add("ComposeCommand: must be a non-empty list of non-empty arguments, e.g. [\"docker-compose\"] or [\"docker\", \"compose\"].");
        }

        AddIfNotPositive(errors, nameof(ComposeTimeout), ComposeTimeout);
        AddIfNotPositive(errors, nameof(WaitTimeout), WaitTimeout);
        AddIfNotPositive(errors, nameof(RequestTimeout), RequestTimeout);
        if (StopTimeout < TimeSpan.Zero || StopTimeout.TotalSeconds > uint.MaxValue)
        {
            errors.Add($"StopTimeout: {StopTimeout} must be zero or more.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            errors.Add($"RetryDelay: {RetryDelay} must be zero or more.");
        }

        if (Parallelism < 1)
        {
            errors.Add($"Parallelism: {Parallelism} must be at least 1.");
        }

        if (MaxAttempts < 1)
        {
            errors.Add($"MaxAttempts: {MaxAttempts} must be at least 1.");
        }

        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "http" or "https" or "npipe"))
        {
            errors.Add($"Endpoint: '{Endpoint}' must be an absolute unix://, tcp://, http(s):// or npipe:// URI.");
        }

        return errors;
    }

    private static void AddIfNotPositive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name}: {value} must be positive.");
        }
    }
}
