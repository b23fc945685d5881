namespace PryvBus.Follower.Compose;

/// <summary>
/// One entry of a service's <c>volumes</c> in a compose file: a bind mount (<see cref="Source"/> a path, as written:
/// relative paths are relative to the compose file's folder) or a named or anonymous volume (<see cref="Source"/> its
/// name, empty when anonymous), mounted at <see cref="Target"/>.
/// </summary>
public sealed record ServiceVolume(bool Bind, string Source, string Target, bool ReadOnly);
