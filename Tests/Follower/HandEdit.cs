namespace PryvBus.Tests.Follower;

/// <summary>What an operator (or an intruder) may do by hand to a file of the root between two applies (<see cref="HandEdits"/>).</summary>
internal enum HandEdit
{
    EditInPlace,
    Truncate,
    Chmod,
    Delete,
    RenameOver,
    HardLinkWrite,
    SwapFolder,
}
