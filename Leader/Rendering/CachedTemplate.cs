namespace PryvBus.Leader.Rendering;

/// <summary>
/// A template file's bytes and what the open file was when they were read (settled: <see cref="FileIdentity.IsSettled"/>).
/// A later listing that finds the same identity at the same name finds the same bytes: they are not read again.
/// </summary>
internal sealed record CachedTemplate(FileIdentity Stamp, byte[] Bytes);
