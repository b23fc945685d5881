namespace PryvBus.Follower.Containers;

/// <summary>
/// What the container step owes a role: the components to restart (every one, or those named), and whether the
/// compose project must be brought to the root file <c>pryv.yml</c> (<see cref="ComposeFile"/>). A component is the
/// first segment of a file's path. A change of <c>pryv.yml</c> restarts nothing by itself: the compose step recreates
/// exactly the services whose definition changed.
/// </summary>
public sealed class ComponentSelection
{
    public const string RootFile = "pryv.yml";

    private ComponentSelection(bool all, IReadOnlyList<string> components, bool composeFile)
    {
        All = all;
        Components = components;
        ComposeFile = composeFile;
    }

    public static ComponentSelection None { get; } = new(false, [], false);

    /// <summary>Every component restarted, and the compose project checked against <c>pryv.yml</c> (a reload of all).</summary>
    public static ComponentSelection Everything { get; } = new(true, [], true);

    /// <summary>Only the compose project checked against <c>pryv.yml</c>.</summary>
    public static ComponentSelection ComposeOnly { get; } = new(false, [], true);

    public bool All { get; }

    public IReadOnlyList<string> Components { get; }

    /// <summary>The compose project must be brought to <c>pryv.yml</c> (it changed, or a reload of all asks for it).</summary>
    public bool ComposeFile { get; }

    public bool IsEmpty => !All && Components.Count == 0 && !ComposeFile;

    /// <summary>True when a component must be restarted (as opposed to only the compose step).</summary>
    public bool HasRestarts => All || Components.Count > 0;

    public static ComponentSelection Of(IEnumerable<string> components) => Of(components, false);

    public static ComponentSelection Of(IEnumerable<string> components, bool composeFile)
    {
        ArgumentNullException.ThrowIfNull(components);
        var names = components.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return names.Length == 0 && !composeFile ? None : new ComponentSelection(false, names, composeFile);
    }

    /// <summary>Every component (restart all), with or without the compose step.</summary>
    public static ComponentSelection AllComponents(bool composeFile) => composeFile ? Everything : new(true, [], false);

    /// <summary>
    /// The components concerned by changes of these relative paths; <c>pryv.yml</c> asks for the compose step only.
    /// </summary>
    public static ComponentSelection FromPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = paths.ToArray();
        return Of(list.Where(p => p != RootFile).Select(p => p.Split('/')[0]), list.Contains(RootFile, StringComparer.Ordinal));
    }

    /// <summary>What this selection or <paramref name="other"/> asks for (two reloads merged into one).</summary>
    public ComponentSelection Union(ComponentSelection other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var compose = ComposeFile || other.ComposeFile;
        return All || other.All ? AllComponents(compose) : Of(Components.Concat(other.Components), compose);
    }

    /// <summary>This selection without the components the compose step has just recreated (they run the new files).</summary>
    public ComponentSelection Without(IReadOnlyCollection<string> recreated)
    {
        ArgumentNullException.ThrowIfNull(recreated);
        return All || recreated.Count == 0 ? this : Of(Components.Where(c => !recreated.Contains(c)), ComposeFile);
    }

    public override string ToString()
    {
        if (All)
        {
            return "all";
        }

        if (IsEmpty)
        {
            return "none";
        }

        return string.Join(',', ComposeFile ? Components.Append(RootFile) : Components);
    }
}
