using PryvBus.Follower.Settings;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Follower.Policy;

/// <summary>
/// The rules on what a container sees of the host's files: a service's bind mounts (<c>volumes</c>, short and long
/// syntax) and <c>env_file</c>; the top-level named volumes that are binds (<c>driver_opts</c> <c>o: bind</c> or
/// <c>type: none</c>), secrets and configs read from a <c>file</c>. Each path is judged by <see cref="BindSource"/>;
/// named, anonymous and tmpfs volumes are fine.
/// </summary>
internal sealed class MountRules(ComposePolicySettings settings, string root)
{
    public ComposeRefusal? Judge(string service, IReadOnlyDictionary<string, YamlNode> keys) =>
        Volumes(service, keys) ?? EnvFiles(service, keys);

    /// <summary>The top-level <c>volumes</c>, <c>secrets</c> and <c>configs</c>.</summary>
    public ComposeRefusal? JudgeTopLevel(IReadOnlyDictionary<string, YamlNode> top) =>
        Named(top, "volumes", "volume", VolumeDevice) ?? Named(top, "secrets", "secret", FileOf) ?? Named(top, "configs", "config", FileOf);

    private ComposeRefusal? Volumes(string service, IReadOnlyDictionary<string, YamlNode> keys)
    {
        if (!keys.TryGetValue("volumes", out var node) || PolicyYaml.IsNull(node))
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence)
        {
            return new(service, "volumes", PolicyHints.CannotJudge("it is not a list"));
        }

        foreach (var entry in sequence.Children)
        {
            var refusal = entry switch
            {
                YamlScalarNode scalar => Short(service, scalar.Value ?? string.Empty),
                YamlMappingNode mapping => Long(service, mapping),
                _ => new ComposeRefusal(service, "volumes entry", PolicyHints.CannotJudge("it is neither a text nor a mapping")),
            };
            if (refusal is not null)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary><c>SOURCE:TARGET[:MODE]</c>; a source starting with <c>/</c>, <c>.</c> or <c>~</c> is a path (compose's rule), else a volume's name.</summary>
    private ComposeRefusal? Short(string service, string entry)
    {
        if (PolicyYaml.Interpolated(entry))
        {
            return new(service, "volumes entry " + PolicyYaml.Shown(entry), PolicyHints.Interpolated);
        }

        var parts = entry.Split(':');
        if (parts.Length > 3)
        {
            return new(service, "volumes entry " + PolicyYaml.Shown(entry), PolicyHints.CannotJudge("it has more than three parts"));
        }

        var source = parts[0];
        return parts.Length > 1 && (source.StartsWith('/') || source.StartsWith('.') || source.StartsWith('~')) ? Bind(service, "bind mount of ", source) : null;
    }

    private ComposeRefusal? Long(string service, YamlMappingNode entry)
    {
        var keys = PolicyYaml.Effective(entry);
        var type = keys?.GetValueOrDefault("type") is { } node ? PolicyYaml.Text(node) : null;
        switch (type)
        {
            case "volume" or "tmpfs" or "npipe" or "image":
                return null;
            case "bind":
                var source = keys!.GetValueOrDefault("source") is { } s ? PolicyYaml.Text(s) : null;
                return source is null
                    ? new(service, "volumes entry of type bind without a source", PolicyHints.CannotJudge("compose would refuse it"))
                    : Bind(service, "bind mount of ", source);
            default:
                return new(service, type is null ? "volumes entry without a type" : "volumes entry of type " + PolicyYaml.Shown(type), PolicyHints.CannotJudge("its type is not bind, volume, tmpfs, npipe or image"));
        }
    }

    /// <summary><c>env_file</c>: a path, a list of paths, or a list of <c>{ path, required }</c>; compose reads each on the host.</summary>
    private ComposeRefusal? EnvFiles(string service, IReadOnlyDictionary<string, YamlNode> keys)
    {
        if (!keys.TryGetValue("env_file", out var node) || PolicyYaml.IsNull(node))
        {
            return null;
        }

        foreach (var item in PolicyYaml.Items(node) ?? [node])
        {
            var path = item is YamlMappingNode mapping
                ? PolicyYaml.Effective(mapping)?.GetValueOrDefault("path") is { } p ? PolicyYaml.Text(p) : null
                : PolicyYaml.Text(item);
            if (path is null)
            {
                return new(service, "env_file", PolicyHints.CannotJudge("an entry has no path"));
            }

            if (Bind(service, "env_file ", path) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    private ComposeRefusal? Named(IReadOnlyDictionary<string, YamlNode> top, string section, string what, Func<string, IReadOnlyDictionary<string, YamlNode>, ComposeRefusal?> judge)
    {
        if (!top.TryGetValue(section, out var node) || PolicyYaml.IsNull(node))
        {
            return null;
        }

        var entries = node is YamlMappingNode mapping ? PolicyYaml.Effective(mapping) : null;
        if (entries is null)
        {
            return new(null, section, PolicyHints.CannotJudge("it is not a mapping of names, or merged"));
        }

        foreach (var (name, definition) in entries)
        {
            if (PolicyYaml.IsNull(definition))
            {
                continue;
            }

            var label = $"{what} {PolicyYaml.Shown(name)}";
            var keys = definition is YamlMappingNode m ? PolicyYaml.Effective(m) : null;
            var refusal = keys is null ? new ComposeRefusal(null, label, PolicyHints.CannotJudge("it is not a mapping, or merged")) : judge(label, keys);
            if (refusal is not null)
            {
                return refusal;
            }
        }

        return null;
    }

    /// <summary>A named volume of the local driver with <c>o: bind</c> or <c>type: none</c> mounts its <c>device</c>.</summary>
    private ComposeRefusal? VolumeDevice(string label, IReadOnlyDictionary<string, YamlNode> keys)
    {
        if (keys.GetValueOrDefault("driver_opts") is not { } node || PolicyYaml.IsNull(node))
        {
            return null;
        }

        var options = node is YamlMappingNode mapping ? PolicyYaml.Effective(mapping) : null;
        string? Option(string name) => options?.GetValueOrDefault(name) is { } value ? PolicyYaml.Text(value) : null;
        var o = Option("o") ?? string.Empty;
        var type = Option("type") ?? string.Empty;
        if (options is null || PolicyYaml.Interpolated(o) || PolicyYaml.Interpolated(type))
        {
            return new(null, label + ": driver_opts", PolicyHints.Interpolated);
        }

        var bind = o.Split(',').Any(p => p.Trim() is "bind" or "rbind") || type.Trim() == "none";
        return bind ? Bind(null, label + ": a bind of ", Option("device") ?? string.Empty) : null;
    }

    private ComposeRefusal? FileOf(string label, IReadOnlyDictionary<string, YamlNode> keys) =>
        keys.GetValueOrDefault("file") is { } file ? Bind(null, label + ": file ", PolicyYaml.Text(file) ?? "(not a path)") : null;

    private ComposeRefusal? Bind(string? service, string rule, string source) =>
        BindSource.Problem(source, root, settings.AllowedBindSources) is { } problem ? new(service, rule + problem.Path, problem.Allow) : null;
}
