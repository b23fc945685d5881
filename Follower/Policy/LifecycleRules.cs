using PryvBus.Follower.Settings;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Follower.Policy;

/// <summary>
/// What compose runs besides the container itself: a <c>provider</c> (an executable of the host compose runs by the name
/// the file gives) and the <c>post_start</c> / <c>pre_stop</c> hooks, whose commands may run <c>privileged</c>.
/// </summary>
internal sealed class LifecycleRules(ComposePolicySettings settings)
{
    private static readonly string[] Hooks = ["post_start", "pre_stop"];

    public ComposeRefusal? Judge(string service, IReadOnlyDictionary<string, YamlNode> keys)
    {
        if (keys.TryGetValue("provider", out var provider) && !PolicyYaml.IsNull(provider))
        {
            return new(service, "provider", PolicyHints.CannotJudge("compose runs a program of the host it names"));
        }

        if (settings.AllowPrivileged)
        {
            return null;
        }

        foreach (var hook in Hooks)
        {
            if (!keys.TryGetValue(hook, out var node) || PolicyYaml.IsNull(node))
            {
                continue;
            }

            foreach (var item in PolicyYaml.Items(node) ?? [node])
            {
                var entry = item is YamlMappingNode mapping ? PolicyYaml.Effective(mapping) : null;
                if (entry is null)
                {
                    return new(service, hook, PolicyHints.CannotJudge("an entry is not a mapping, or merged"));
                }

                if (entry.TryGetValue("privileged", out var flag) && PolicyYaml.Text(flag) is not ("false" or "False" or "FALSE"))
                {
                    return new(service, $"{hook} privileged: {PolicyYaml.Shown(PolicyYaml.Text(flag) ?? "(not a value)")}", PolicyHints.Setting("allowPrivileged"));
                }
            }
        }

        return null;
    }
}
