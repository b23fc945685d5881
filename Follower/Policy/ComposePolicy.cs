using System.Security.Cryptography;
using System.Text;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;
using PryvBus.Shared.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Follower.Policy;

/// <summary>
/// The follower's own limits on what a signed <c>pryv.yml</c> may bring up (<see cref="ComposePolicySettings"/>): judged
/// between verify and apply, on every version whose <c>pryv.yml</c> differs from the applied one (or with nothing
/// applied yet). A refused version lands no file. What the policy cannot judge (interpolation, <c>extends</c>,
/// <c>include</c>, YAML it cannot read) is refused too.
/// </summary>
public sealed class ComposePolicy
{
    private readonly ComposePolicySettings _settings;
    private readonly ServiceRules _services;
    private readonly MountRules _mounts;
    private readonly LifecycleRules _lifecycle;

    /// <param name="settings">The follower's <c>composePolicy</c>.</param>
    /// <param name="configRoot">The config root: the folder of <c>pryv.yml</c>, which relative bind sources are resolved against.</param>
    public ComposePolicy(ComposePolicySettings settings, string configRoot)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(configRoot);
        _settings = settings;
        _services = new ServiceRules(settings);
        _lifecycle = new LifecycleRules(settings);
        _mounts = new MountRules(settings, BindSource.Normalise(Path.GetFullPath(configRoot)));
    }

    public bool Enabled => _settings.Enabled;

    /// <summary>The refusal of <paramref name="version"/>'s <c>pryv.yml</c>; null when it is acceptable, unchanged, absent, or the policy is off.</summary>
    /// <param name="version">The verified version about to be applied.</param>
    /// <param name="held">The version this process last applied, when it did: compared first, without reading the manifest.</param>
    /// <param name="applied">Reads the applied manifest (when <paramref name="held"/> is null or differs).</param>
    public ComposeRefusal? Judge(VerifiedVersion version, VerifiedVersion? held, Func<Manifest?> applied)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(applied);
        if (!_settings.Enabled || !version.Files.TryGetValue(ComponentSelection.RootFile, out var content))
        {
            return null;
        }

        // Applied before (judged then, or before the policy existed): the compose step does not bring it up again.
        if (held is not null && held.Files.TryGetValue(ComponentSelection.RootFile, out var before) && before.AsSpan().SequenceEqual(content))
        {
            return null;
        }

        if (applied() is { } manifest && manifest.Files.TryGetValue(ComponentSelection.RootFile, out var entry)
            && entry.Sha256 == Convert.ToHexStringLower(SHA256.HashData(content)))
        {
            return null;
        }

        return Judge(Encoding.UTF8.GetString(content));
    }

    /// <summary>The refusal of a compose file's text; null when it is acceptable (or brings nothing up: no services).</summary>
    public ComposeRefusal? Judge(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!_settings.Enabled)
        {
            return null;
        }

        var (root, unreadable) = Load(text);
        if (unreadable is not null || root is null)
        {
            return unreadable;
        }

        if (PolicyYaml.Effective(root) is not { } top)
        {
            return new(null, "a top-level merge (<<) or duplicate key", PolicyHints.CannotJudge("compose's reading of it is not certain"));
        }

        if (top.ContainsKey("include"))
        {
            return new(null, "include", PolicyHints.CannotJudge("it brings in files from elsewhere"));
        }

        if (!top.TryGetValue("services", out var node) || PolicyYaml.IsNull(node))
        {
            return null;
        }

        var services = node is YamlMappingNode mapping ? PolicyYaml.Effective(mapping) : null;
        if (services is null)
        {
            return new(null, "services", PolicyHints.CannotJudge("it is not a mapping of services, or merged"));
        }

        foreach (var (name, definition) in services)
        {
            var service = PolicyYaml.Shown(name);
            if (PolicyYaml.IsNull(definition))
            {
                continue;
            }

            var keys = definition is YamlMappingNode m ? PolicyYaml.Effective(m) : null;
            var refusal = keys is null
                ? new ComposeRefusal(service, definition is YamlMappingNode ? "a merge (<<) or duplicate key" : "a definition that is not a mapping", PolicyHints.CannotJudge("compose's reading of it is not certain"))
                : _services.Judge(service, keys) ?? _mounts.Judge(service, keys) ?? _lifecycle.Judge(service, keys);
            if (refusal is not null)
            {
                return refusal;
            }
        }

        return _mounts.JudgeTopLevel(top);
    }

    /// <summary>The file's root mapping; null with no refusal when it is no mapping (compose brings nothing up from it).</summary>
    private static (YamlMappingNode? Root, ComposeRefusal? Unreadable) Load(string text)
    {
        var stream = new YamlStream();
        try
        {
            if (YamlAliasGuard.Problem(text) is { } problem)
            {
                return (null, new(null, "YAML at " + problem, PolicyHints.CannotJudge("it is not read")));
            }

            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            return (null, new(null, $"not valid YAML (line {ex.Start.Line})", PolicyHints.CannotJudge("it is not read")));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            // The representation model refuses some streams this way (a duplicate key, a document with no node).
            return (null, new(null, "not valid YAML (" + PolicyYaml.Shown(ex.Message) + ")", PolicyHints.CannotJudge("it is not read")));
        }

        return stream.Documents.Count switch
        {
            0 => (null, null),
            > 1 => (null, new(null, "more than one YAML document", PolicyHints.CannotJudge("compose's reading of it is not certain"))),
            _ => (stream.Documents[0].RootNode as YamlMappingNode, null),
        };
    }
}
