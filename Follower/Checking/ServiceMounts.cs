using Docker.DotNet.Models;
using PryvBus.Follower.Compose;

namespace PryvBus.Follower.Checking;

/// <summary>
/// A compose service's <c>volumes</c> as the mounts a container of it would have, for <see cref="CheckMounts"/>: bind
/// sources resolved against the compose file's folder (the config root, as compose does), named and anonymous volumes
/// as writable (so a check gets an empty scratch folder there, never a service's data). A source compose would
/// interpolate (<c>${VAR}</c>) or expand (<c>~</c>) cannot be resolved here and is left out.
/// </summary>
internal static class ServiceMounts
{
    public static IReadOnlyList<MountPoint> Of(ServiceDefinition service, string projectDirectory)
    {
        ArgumentNullException.ThrowIfNull(service);
        var mounts = new List<MountPoint>();
        foreach (var volume in service.Volumes)
        {
            if (!volume.Bind)
            {
                mounts.Add(new MountPoint { Type = "volume", Name = volume.Source.Length > 0 ? volume.Source : "anonymous", Destination = volume.Target, RW = true });
            }
            else if (!volume.Source.Contains('$', StringComparison.Ordinal) && !volume.Source.StartsWith('~'))
            {
                var source = Path.GetFullPath(Path.Combine(projectDirectory, volume.Source));
                mounts.Add(new MountPoint { Type = "bind", Source = source, Destination = volume.Target, RW = !volume.ReadOnly });
            }
        }

        return mounts;
    }
}
