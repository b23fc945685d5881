namespace PryvBus.Leader.Commands;

/// <summary>One file of a version in <c>show</c>.</summary>
internal sealed record ShownFileOutput(string Path, int Bytes, bool Secret);
