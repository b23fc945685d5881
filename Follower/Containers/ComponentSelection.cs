namespace PryvBus.Follower.Containers;

/// <summary>
/// Which components of a role to restart: every one, or those named. A component is the first segment
/// of a file's path; a change of the root file <c>pryv.yml</c> concerns every component.
/// </summary>
public sealed class ComponentSelection
{
    public const string RootFile = "pryv.yml";

    private ComponentSelection(bool all, IReadOnlyList<string> components)
    {
        All = all;
        Components = components;
    }

    public static ComponentSelection None { get; } = new(false, []);

    public static ComponentSelection Everything { get; } = new(true, []);

    public bool All { get; }

    public IReadOnlyList<string> Components { get; }

    public bool IsEmpty => !All && Components.Count == 0;

    public static ComponentSelection Of(IEnumerable<string> components)
    {
        ArgumentNullException.ThrowIfNull(components);
        var names = components.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return names.Length == 0 ? None : new ComponentSelection(false, names);
    }

    /// <summary>The components concerned by changes of these relative paths.</summary>
    public static ComponentSelection FromPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = paths.ToArray();
        return list.Any(p => p == RootFile) ? Everything : Of(list.Select(p => p.Split('/')[0]));
    }

    public override string ToString() => All ? "all" : IsEmpty ? "none" : string.Join(',', Components);
}
