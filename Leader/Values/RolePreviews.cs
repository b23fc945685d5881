using PryvBus.Leader.Pipeline;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Versions;
using StackExchange.Redis;

namespace PryvBus.Leader.Values;

/// <summary>
/// Renders every role with the changed settings (storing nothing) and compares each with its current version: the files
/// that would change and a line diff, with every sensitive value (old and new) and every secret masked, and the files
/// holding secrets named but not shown.
/// </summary>
public static class RolePreviews
{
    public static async Task<IReadOnlyList<RolePreview>> BuildAsync(
        PlatformPipeline pipeline, IConnectionMultiplexer redis, LeaderSettings before, LeaderSettings after)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var store = new VersionStore(redis, after.Keys, after.HistoryLength);
        var previews = new List<RolePreview>();
        foreach (var (render, secrets) in await pipeline.PreviewAsync(after))
        {
            if (!render.Succeeded)
            {
                previews.Add(new RolePreview(render.Role, true, [.. render.Errors.Select(e => e.ToString())], null, [], string.Empty));
                continue;
            }

            var next = render.Version!;
            var current = await store.ReadAsync(render.Role);
            if (current is not null && current.Sha256 == next.Sha256)
            {
                previews.Add(new RolePreview(render.Role, false, [], current.Serial, [], string.Empty));
                continue;
            }

            var files = current?.Files ?? new Dictionary<string, byte[]>();
            var masker = new SecretMasker(SensitiveValues.Of(before.Platform).Concat(SensitiveValues.Of(after.Platform))
                .Concat(secrets.Resolved.Select(s => (s.Key, s.Value))));
            bool HoldsSecrets(string path) => next.SecretFiles.Contains(path) || (current?.SecretFiles.Contains(path) ?? false);
            previews.Add(new RolePreview(
                render.Role, false, [], current?.Serial, FileDiff.ChangedPaths(files, next.Files), FileDiff.Describe(files, next.Files, HoldsSecrets, masker)));
        }

        return previews;
    }
}
