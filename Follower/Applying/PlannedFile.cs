namespace PryvBus.Follower.Applying;

/// <summary>A file of the plan: its relative path, full path, content and mode.</summary>
internal sealed record PlannedFile(string Path, string FullPath, byte[] Content, UnixFileMode Mode);
