using PryvBus.Shared.Events;

namespace PryvBus.Leader.Publishing;

/// <summary>
/// The files of the version last announced per key prefix and role, so that the next config event of the role names
/// what changed since (<see cref="ConfigDelta"/>): a follower holding that version fetches only those files. Kept by one
/// pipeline object in memory (the arrays are the stored version's own, shared with the render's cache); a new process
/// starts empty and announces its first version of each role without a delta.
/// </summary>
public sealed class AnnouncedFiles
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Prefix, string Role), (string Sha256, IReadOnlyDictionary<string, byte[]> Files)> _last = [];

    /// <summary>
    /// The event announcing <paramref name="serial"/> of <paramref name="role"/>, with the files changed since the version
    /// last recorded (<see cref="Record"/>) when it is known. Nothing is recorded: an event may not go out (its store's
    /// transaction did not commit, its publish failed).
    /// </summary>
    public ConfigEvent Event(string prefix, string role, long serial, string sha256, IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        lock (_gate)
        {
            var delta = _last.TryGetValue((prefix, role), out var last) && last.Sha256 != sha256
                ? ConfigDelta.Between(last.Sha256, last.Files, files)
                : null;
            return new ConfigEvent(role, serial, sha256) { Delta = delta };
        }
    }

    /// <summary>The version an event went out for (<see cref="Event"/>): the next event's base.</summary>
    public void Record(string prefix, string role, string sha256, IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        lock (_gate)
        {
            _last[(prefix, role)] = (sha256, files);
        }
    }
}
