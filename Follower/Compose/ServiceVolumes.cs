using YamlDotNet.RepresentationModel;

namespace PryvBus.Follower.Compose;

/// <summary>
/// Reads a service's <c>volumes</c>, in compose's short form (<c>./conf:/app/conf:ro</c>, <c>data:/data</c>,
/// <c>/data</c>) and long form (<c>type</c>, <c>source</c>, <c>target</c>, <c>read_only</c>). Entries of another shape
/// are left out: what is read here only tells a check where a service sees its files, it never drives compose.
/// </summary>
internal static class ServiceVolumes
{
    public const int MaxVolumes = 100;

    public static IReadOnlyList<ServiceVolume> Read(YamlNode service)
    {
        if (service is not YamlMappingNode mapping
            || !mapping.Children.TryGetValue(new YamlScalarNode("volumes"), out var node)
            || node is not YamlSequenceNode sequence)
        {
            return [];
        }

        var volumes = new List<ServiceVolume>();
        foreach (var entry in sequence.Children.Take(MaxVolumes))
        {
            var volume = entry switch
            {
                YamlScalarNode { Value: { Length: > 0 } text } => Short(text),
                YamlMappingNode longForm => Long(longForm),
                _ => null,
            };
            if (volume is not null)
            {
                volumes.Add(volume);
            }
        }

        return volumes;
    }

    private static ServiceVolume? Short(string text)
    {
        var parts = text.Split(':');
        return parts.Length switch
        {
            1 => Volume(null, parts[0], null),
            2 => Volume(parts[0], parts[1], null),
            3 => Volume(parts[0], parts[1], parts[2]),
            _ => null,
        };
    }

    private static ServiceVolume? Volume(string? source, string target, string? mode)
    {
        if (!target.StartsWith('/'))
        {
            return null;
        }

        var readOnly = mode is not null && mode.Split(',').Contains("ro", StringComparer.Ordinal);
        return source is null
            ? new ServiceVolume(false, string.Empty, target, readOnly)
            : new ServiceVolume(IsPath(source), source, target, readOnly);
    }

    private static ServiceVolume? Long(YamlMappingNode entry)
    {
        var type = Scalar(entry, "type");
        var source = Scalar(entry, "source") ?? string.Empty;
        var target = Scalar(entry, "target");
        if (target is null || !target.StartsWith('/') || type is not ("bind" or "volume"))
        {
            return null;
        }

        return new ServiceVolume(type == "bind", source, target, Scalar(entry, "read_only") is "true" or "True" or "yes");
    }

    private static bool IsPath(string source) => source.StartsWith('/') || source.StartsWith('.') || source.StartsWith('~');

    private static string? Scalar(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;
}
