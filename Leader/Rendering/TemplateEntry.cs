namespace PryvBus.Leader.Rendering;

/// <summary>
/// One input of a role's tree: its path relative to the role's folder ('/'-separated, the name it is stored under),
/// the full path to read (a link's real target), or why it cannot be an input.
/// </summary>
public sealed record TemplateEntry(string RelativePath, string FullPath, string? Problem)
{
    public bool Usable => Problem is null;

    /// <summary>For a link, the path of its target relative to the role's folder: a link to a secret file is secret too.</summary>
    public string? TargetRelativePath { get; init; }

    /// <summary>
    /// Whether the name is a symbolic link (followed or refused): its target was resolved through paths the role's folder
    /// may not hold (another role's link on the way), which a file watch of the role's folder does not see change.
    /// </summary>
    public bool IsLink { get; init; }

    /// <summary>What the listing found at the name, for a regular file (not a link): an unchanged one need not be read again.</summary>
    internal FileIdentity? Identity { get; init; }
}
