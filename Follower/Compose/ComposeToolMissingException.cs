namespace PryvBus.Follower.Compose;

/// <summary>The compose tool could not be started (not installed, not on the PATH): retried with backoff.</summary>
public sealed class ComposeToolMissingException(string message, Exception? inner = null) : Exception(message, inner);
