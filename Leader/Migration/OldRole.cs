namespace PryvBus.Leader.Migration;

/// <summary>One role of the old per-machine layout: its folder (<c>OLD_ROOT/core</c>, <c>OLD_ROOT/pryv</c>) and compose file (<c>OLD_ROOT/core.yml</c>), if any.</summary>
public sealed record OldRole(string Role, string Folder, string? ComposeFile)
{
    public string FolderName => Path.GetFileName(Folder);
}
