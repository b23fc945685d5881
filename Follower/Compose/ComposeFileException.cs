namespace PryvBus.Follower.Compose;

/// <summary>A compose file that cannot be compared: the message names the file, and the line and column when known.</summary>
public sealed class ComposeFileException(string message, Exception? inner = null) : Exception(message, inner);
