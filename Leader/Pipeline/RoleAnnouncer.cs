using Microsoft.Extensions.Logging;
using PryvBus.Leader.Logging;
using PryvBus.Leader.Publishing;
using PryvBus.Leader.Versions;
using PryvBus.Shared.Events;
using StackExchange.Redis;

namespace PryvBus.Leader.Pipeline;

/// <summary>
/// How a pass announces the versions it stores. With no replica to wait for (the pass's <c>INFO replication</c>), the
/// event goes out with the store's own transaction (<see cref="EventInCommitAsync"/>, <see cref="Published"/>);
/// otherwise once a replica acknowledged the version (<see cref="AnnounceAsync"/>). Either way the event names the files
/// changed since the version of the role the pipeline announced last (<see cref="AnnouncedFiles"/>).
/// </summary>
internal sealed class RoleAnnouncer(
    VersionStore store, EventPublisher publisher, Task<int> replicas, TimeSpan replicaWait, string prefix, AnnouncedFiles announced, ILogger logger)
{
    /// <summary>
    /// The event the store's transaction publishes for <paramref name="version"/> when no replica has to hold it first;
    /// null otherwise (and when the replica count could not be read: <see cref="AnnounceAsync"/> then fails the role as
    /// before).
    /// </summary>
    public async Task<Func<long, string, RedisValue>?> EventInCommitAsync(RenderedVersion version)
    {
        try
        {
            if (await replicas != 0)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return null;
        }

        return (serial, sha256) => Event(serial, sha256, version).ToJson();
    }

    /// <summary>
    /// An event that went out (with the store's transaction, <see cref="StoreResult.Published"/>, or after it): the version
    /// becomes the next event's base; its receivers.
    /// </summary>
    public long Published(StoreResult result, RenderedVersion version, long receivers)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(version);
        if (version.Sha256 == result.Sha256)
        {
            announced.Record(prefix, result.Role, result.Sha256, version.Files);
        }

        LeaderLog.EventPublished(logger, result.Role, result.Serial, receivers);
        return receivers;
    }

    /// <summary>
    /// Publishes a stored version (<paramref name="content"/>) once a replica holds it; the number of receivers (0 when
    /// not announced).
    /// </summary>
    public async Task<long> AnnounceAsync(StoreResult result, RenderedVersion content)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(content);
        if (!await store.WaitForReplicaAsync(replicaWait, await replicas))
        {
            // Announcing a version a failover could still lose would send followers after a ghost: polling finds it
            // once it is safe, and a lost one is stored again above the highest serial this leader recorded.
            LeaderLog.NotReplicated(logger, result.Role, result.Serial, replicaWait.TotalSeconds);
            return 0;
        }

        return Published(result, content, await publisher.PublishAsync(Event(result.Serial, result.Sha256, content)));
    }

    /// <summary>The event of <paramref name="serial"/>, with its delta when <paramref name="content"/> is what was stored.</summary>
    private ConfigEvent Event(long serial, string sha256, RenderedVersion content) =>
        sha256 == content.Sha256
            ? announced.Event(prefix, content.Role, serial, sha256, content.Files)
            : new ConfigEvent(content.Role, serial, sha256);
}
